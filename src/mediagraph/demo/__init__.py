"""Example pages and a small dump, written for mediagraph, that `mediagraph demo` loads."""
