"""The HTML pages, one module per page type; each module's ``router`` holds its routes."""
