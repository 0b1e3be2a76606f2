"""HTML pages: main-text rendering that keeps structure, plus title, site and embedded data.

Site chrome is set aside before the text is rendered: elements named as menus, logins,
cookie notes, footers, sidebars, share bars and comment threads (the rules are the data in
``_CHROME``). Blocks are not judged by their share of links: cast and crew lists are all
links too. The main text is rendered here (selectolax) rather than taken from trafilatura's txt output:
that output flattens ``<dl>`` and table rows into one cell per line, which loses the
key/value and track/duration pairing the layout parsers need, and costs ~13 ms a page.
trafilatura is the fallback when no main block can be found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from mediagraph.extract.headers import canonical
from mediagraph.extract.text import MAX_TEXT

_DROP = ("script, style, noscript, template, svg, nav, footer, form, iframe, button, select, aside, [aria-hidden=true], [hidden], .sidebar, #sidebar, "
         ".menu, .nav, .navigation, .breadcrumb, .breadcrumbs, .cookie, .share, .social, .comments, #comments, .comment-list, .widget-area, "
         ".related-posts, .jp-relatedposts, .supporters, .also-bought, "
         # a wiki's own apparatus: contents box, [edit] links, footnote marks, navigation boxes of other works, categories
         "#toc, .toc, #siteSub, #contentSub, .mw-indicators, .mw-editsection, sup.reference, .navbox, .vertical-navbox, .catlinks, .mw-jump-link, .printfooter")
_FACT_BOX = "aside, .sidebar, #sidebar, .infobox, .album-info, .release-info"
_DROP_IN_BOX = "script, style, form, button, select, nav, sup.reference, .tag-list, .tags, .external_links, .external-links, .share, .social"
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_INLINE_SEP = {"span", "a", "time", "abbr", "cite", "small", "b", "strong", "em", "i", "label"}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "tr", "thead", "tbody", "tfoot", "blockquote", "pre", "figure", "figcaption", "dl", "dt", "dd", "br",
    "hr", "address", "details", "summary", "caption",
}
# A class or id token names chrome when one of its dash/underscore parts is one of these.
_CHROME_WORDS = ("nav", "navbar", "navigation", "menu", "menubar", "topnav", "footer", "cookie", "cookies", "consent", "gdpr",
                 "login", "signin", "signup", "newsletter", "subscribe", "share", "sharing", "sharebar", "social", "comment",
                 "comments", "disqus", "related", "recommended", "sidebar", "widget", "widgets", "breadcrumb", "breadcrumbs",
                 "advert", "advertisement", "ads", "adslot", "promo", "popup", "modal", "skiplink")
_CHROME = re.compile(r"(?:^|[-_])(?:" + "|".join(_CHROME_WORDS) + r")(?:$|[-_])", re.I)
# The C selector engine narrows the candidates; the pattern then checks whole name parts. A stem
# holding a shorter one ("navi", "nav") selects nothing more and is left out.
_STEMS = {w[:4] if len(w) > 4 else w for w in _CHROME_WORDS}
_CHROME_SEL = ", ".join(f"[{a}*={w} i]" for w in sorted(_STEMS) if not any(v != w and v in w for v in _STEMS) for a in ("class", "id"))
_KEEP = {"html", "body", "main", "article", "h1", "table", "tr", "td", "dl", "p", "span", "small", "time"}  # chrome is a block, not a line of text
_ARIA_CELL = "[role=gridcell], [role=cell], [role=columnheader], [role=rowheader]"
_MAIN = ["main", "article", "[itemprop=articleBody]", "[role=main]", "#content", ".content", ".post", ".entry-content", "body"]


@dataclass
class HtmlPage:
    text: str
    title: str | None
    site: str | None
    lang: str | None
    jsonld: list[str] = field(default_factory=list)
    og: dict[str, str] = field(default_factory=dict)
    html: str = ""
    headings: list[str] = field(default_factory=list)  # h1 first, then h2/h3, in page order
    published: str | None = None  # <time datetime>, abbr.published or article:published_time
    og_pairs: list[tuple[str, str]] = field(default_factory=list)  # every og:/music:/video:/book: tag, in order
    microdata: list[dict] = field(default_factory=list)
    rdfa: list[dict] = field(default_factory=list)
    h1: str | None = None  # the page's first <h1>, before chrome is removed
    canonical: str | None = None  # <link rel=canonical href>
    wiki: bool = False  # a wiki's article (MediaWiki): an encyclopedia's text, not anyone's review
    cited: list[tuple[str, str]] = field(default_factory=list)  # works the prose sets in italics or links to: (title, kind hint)


_SPACES = re.compile(r"\s+")
_UNSEEN = frozenset(("script", "style", "noscript", "template", "-comment"))
_PARAGRAPH = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "table"))


_RANK_ONLY = re.compile(r"^\d{0,4}$")
# the alt text of a score drawn as pictures: "3.5/5 stars", "4 out of 5 stars", "8/10"
_RATING_ALT = re.compile(r"^\s*\d{1,3}(?:[.,]\d)?\s*(?:/|out of|of|von|sur|su|de|z)\s*\d{1,3}(?:\s*(?:stars?|étoiles?|sterne?|stelle))?\s*$"
                         r"|^\s*\d(?:[.,]\d)?\s*(?:stars?|étoiles?|sterne?|stelle|hvězd\w*)\s*$", re.I)


def _render(node: Node, out: list[str]) -> None:
    if len(out) > _MAX_PIECES:
        return
    tag = node.tag
    if tag == "-text":
        t = node.text_content
        if t:
            out.append(_SPACES.sub(" ", t))
        return
    if tag in _UNSEEN:
        return
    if tag == "br":
        out.append("\n")
        return
    if tag == "img":
        alt = node.attributes.get("alt") or ""
        if alt and _RATING_ALT.match(alt):
            out.append(" " + alt.strip() + " ")  # a score drawn as stars: "3.5/5 stars"
        return
    if tag == "pre":
        # Preformatted text keeps its lines (tracklists and credits typed in columns).
        out.append("\n\n" + (node.text(deep=True) or "") + "\n\n")
        return
    row = tag == "tr" or (tag == "div" and node.attributes.get("role") == "row")
    if row:
        # A cell's later lines (a Discogs per-track credit under the title) follow the row.
        # ARIA grids (Spotify's track list) are tables written with divs.
        cells, extra = [], []
        for c in (node.iter() if tag == "tr" else node.css(_ARIA_CELL)):
            if tag == "tr" and c.tag not in ("td", "th"):
                continue
            parts = [_SPACES.sub(" ", p).strip() for p in _cell_lines(c)]
            parts = [p for p in parts if p]
            if parts and tag != "tr":
                cells.extend(parts)  # a grid cell's lines (title, then artist) stay on the row
            elif parts:
                cells.append(parts[0])
                extra.extend(parts[1:])
        if cells:
            if len(cells) == 2 and len(cells[0]) <= 35 and not cells[0][:1].isdigit():
                out.append("\n" + cells[0].rstrip(":：") + ": " + cells[1] + "\n")
            else:
                out.append("\n" + "\t".join(cells) + "\n")
            for x in extra:
                out.append(x + "\n")
        return
    if tag == "dt":
        out.append("\n" + _SPACES.sub(" ", node.text(separator=" ")).strip().rstrip(":：") + ": ")
        return
    if tag == "dd":
        out.append(_SPACES.sub(" ", node.text(separator=" ")).strip() + "\n")
        return
    if tag in _INLINE_SEP and out and out[-1] and not out[-1][-1].isspace() and node.prev is not None and node.prev.tag != "-text":
        out.append(" ")  # adjacent inline elements ("<span>user</span><span>12 May</span>") are separate words
    block = "\n\n" if tag in _PARAGRAPH else "\n" if tag in _BLOCK else ""
    if tag == "li" and _RANK_ONLY.match(own := (node.text(deep=True) or "").strip()):
        # a poster grid: the item's only words are its picture's alt text ("Raising Arizona"), or a rank and that
        img = node.css_first("img[alt]")
        alt = _SPACES.sub(" ", img.attributes.get("alt") or "").strip() if img is not None else ""
        if alt and node.css_first("a[href], [data-target-link], [data-film-slug]") is not None:
            out.append("\n" + (f"{own}. " if own else "") + alt + "\n")
            return
        if not own:
            return
    if block:
        out.append(block)
    child = node.child
    while child is not None:
        _render(child, out)
        child = child.next
    if block:
        out.append(block)


def _cell_lines(cell: Node) -> list[str]:
    parts: list[str] = []
    _render(cell, parts)
    return "".join(parts).split("\n")


def _tidy(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n")]
    out: list[str] = []
    blank = 0
    for ln in lines:
        if ln:
            out.append(ln)
            blank = 0
        else:
            blank += 1
            if blank <= 1:
                out.append("")
    return "\n".join(out).strip("\n")


# Rendering stops past this many pieces of text (about nine characters each on real pages): a
# 50 MB page would otherwise render 8 MB of text of which only MAX_TEXT characters are read.
_MAX_PIECES = MAX_TEXT // 2
# Deeper than any real page (they stay under ~100) and than browsers build (Blink stops at 512).
# The tree builder's cost grows with the square of the depth (100,000 nested <div>s take 30 s)
# and the renderer recurses once a level, so elements below this are lifted to this level.
MAX_DEPTH = 512
_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")
# Void elements, and those whose end tag is implied by the next one (<p>, <li>, <td>): neither
# makes the tree deeper when left open.
_FLAT = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
                   "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
                   "rp", "rt"})
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp")
_FLAT_ALT = "|".join(sorted(_FLAT, key=len, reverse=True))
_OPEN_RE = re.compile(r"<[A-Za-z]")
_CLOSE_RE = re.compile(r"</")
_FLAT_OPEN_RE = re.compile(rf"<(?:{_FLAT_ALT})(?=[\s/>])", re.I)
_FLAT_CLOSE_RE = re.compile(rf"</(?:{_FLAT_ALT})(?=[\s>])", re.I)


def _longest_run(html: str) -> int:
    """The most tags between two closing tags (an upper bound on how deep a balanced nest goes)."""
    longest = prev = 0
    for m in _CLOSE_RE.finditer(html):
        if m.start() - prev > 2 * MAX_DEPTH:
            longest = max(longest, html.count("<", prev, m.start()))
        prev = m.end()
    if len(html) - prev > 2 * MAX_DEPTH:
        longest = max(longest, html.count("<", prev))
    return longest


def bounded_depth(html: str, warnings: list[str]) -> str:
    """The page with elements nested beyond ``MAX_DEPTH`` lifted out (their text stays).

    Two counts that take a few milliseconds rule most pages out: the depth can pass the limit
    only if opening tags outnumber closing ones by that much, or that many open in a row.
    """
    closes = html.count("</")
    excess = html.count("<") - 2 * closes
    if excess >= MAX_DEPTH:
        # Long pages pass that count on their <br>s and <img>s alone: count again without them.
        excess = (len(_OPEN_RE.findall(html)) - len(_FLAT_OPEN_RE.findall(html)) - html.count("/>")
                  - closes + len(_FLAT_CLOSE_RE.findall(html)))
    if excess < MAX_DEPTH and _longest_run(html) < MAX_DEPTH:
        return html
    low = html.lower()
    out: list[str] = []
    last = pos = depth = lifted = deepest = 0
    while (m := _TAG_RE.search(html, pos)) is not None:
        pos = m.end()
        name = m.group(2).lower()
        if m.group(1):
            if name in _FLAT:
                continue
            if lifted:
                lifted -= 1
                out.append(html[last : m.start()])
                last = pos
            else:
                depth = max(0, depth - 1)
            continue
        if name in _RAW_TEXT:
            end = low.find("</" + name, pos)
            pos = len(html) if end < 0 else end
            continue
        if name in _FLAT or m.group(0).endswith("/>"):
            continue
        if depth < MAX_DEPTH:
            depth += 1
            continue
        lifted += 1
        deepest = max(deepest, depth + lifted)
        out.append(html[last : m.start()])
        last = pos
    if not deepest:
        return html
    warnings.append(f"the HTML is nested {deepest} levels deep; elements below level {MAX_DEPTH} were lifted to it")
    out.append(html[last:])
    return "".join(out)


def parse_html(html: str, warnings: list[str]) -> HtmlPage:
    html = bounded_depth(html, warnings)
    tree = HTMLParser(html)
    jsonld = [n.text(deep=True) for n in tree.css("script") if "ld+json" in (n.attributes.get("type") or "").lower()]
    og: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for meta in tree.css("meta"):
        a = meta.attributes
        key = (a.get("property") or a.get("name") or "").strip()
        if key.startswith("og:") and key[3:].startswith(("music:", "video:", "book:")):
            key = key[3:]  # "og:video:director" is written as often as "video:director"
        if key and (key.startswith(("og:", "music:", "video:", "article:", "book:")) or key in ("author", "description")):
            value = (a.get("content") or "").strip()
            og.setdefault(key, value)
            pairs.append((key, value))
    micro: list[dict] = []
    if "itemscope" in html:
        from mediagraph.extract.microdata import items

        micro = items(tree)
    rdfa: list[dict] = []
    # (the parsed tree first: scripts write "typeof" on most pages, and the pattern's scan of the
    # whole source costs about 1 ms; no element with the attribute, no RDFa)
    if "typeof" in html and tree.css_first("[typeof]") is not None:
        from mediagraph.extract import rdfa as rdfa_reader

        if rdfa_reader.has_rdfa(html):
            rdfa = rdfa_reader.items(html, warnings)
    canon = tree.css_first("link[rel=canonical]")
    canonical_url = canon.attributes.get("href") if canon is not None else None
    first_h1 = tree.css_first("h1")
    h1_text = _SPACES.sub(" ", first_h1.text(separator=" ")).strip() if first_h1 is not None else None
    title_node = tree.css_first("title")
    title = title_node.text().strip() if title_node is not None else None
    html_node = tree.css_first("html")
    lang = html_node.attributes.get("lang") if html_node is not None else None
    published = None
    for sel, attr in (("meta[property='article:published_time']", "content"), ("time[datetime]", "datetime"), ("abbr.published", "title"),
                      ("[itemprop=datePublished]", "content")):
        n = tree.css_first(sel)
        if n is not None and n.attributes.get(attr):
            published = n.attributes.get(attr)
            break
    # Catalog pages keep a release's facts in a sidebar ("Barcode", "Format", "Label"): such
    # boxes are kept, rendered after the main text; other sidebars are dropped as chrome.
    fact_boxes: list[str] = []
    for box in _outermost(tree.css(_FACT_BOX)):
        if (box.css_first("dl dt") is None and box.css_first("tr th") is None and box.css_first(".catalog-number, [itemprop]") is None
                and sum(1 for h in box.css("h3, h4, h5, strong, b, .label") if canonical(h.text(strip=True))) < 2):
            continue
        _remove(box.css(_DROP_IN_BOX))
        parts: list[str] = []
        _render(box, parts)
        fact_boxes.append(_tidy("".join(parts)))
        box.decompose()
    wiki = _is_wiki(tree)
    _remove([n for n in tree.css(_DROP) if not (n.tag == "form" and _data_table(n))])
    _drop_chrome(tree)
    _remove([n for n in tree.css("[style]") if _HIDDEN.search(n.attributes.get("style") or "")])
    root = None
    for sel in _MAIN:
        cands = tree.css(sel)
        if len(cands) == 1 or (cands and sel == "body"):
            root = cands[0]
            break
        if len(cands) > 1 and sel == "article":
            root = cands[0].parent
            break
    text = ""
    headings: list[str] = []
    cited = _cited(root) if root is not None else []
    if root is not None:
        for level in ("h1", "h2, h3"):
            headings.extend(_SPACES.sub(" ", h.text(separator=" ")).strip() for h in root.css(level))
        out: list[str] = []
        h1 = tree.css_first("h1")
        if h1 is not None and root.css_first("h1") is None:
            # The title sits in a header outside the main block (MusicBrainz, shops): keep it,
            # with the line under it ("~ Release by …").
            head = h1.parent if h1.parent is not None and h1.parent.tag not in ("body", "html") else h1
            _render(head, out)
        _render(root, out)
        rendered = "".join(out)
        if len(rendered) > 4 * MAX_TEXT:
            rendered = rendered[: 4 * MAX_TEXT]  # tidying shrinks it, then the reader takes MAX_TEXT of it
        if wiki and fact_boxes:
            # a wiki's infobox opens its article: its facts are the subject's, read before the
            # article's sections ("References", "Charts") can claim them
            first, _, rest = rendered.lstrip().partition("\n")
            text = _tidy(first + "\n\n" + "\n\n".join(fact_boxes) + "\n\n" + rest)
        else:
            text = _tidy(rendered + "".join("\n\n" + b for b in fact_boxes))
        if len(out) > _MAX_PIECES and len(text) <= MAX_TEXT:
            warnings.append(f"the page is too long to read whole; its text was read up to {len(text):,} characters")
    if len(text) < 40:
        text = _trafilatura(html, warnings) or text
    if not text.strip():
        warnings.append("the HTML page has no readable text")
    return HtmlPage(text=text, title=title, site=og.get("og:site_name"), lang=lang, jsonld=jsonld, og=og, html=html,
                    headings=[h for h in headings if h], published=published, og_pairs=pairs, microdata=micro, rdfa=rdfa, h1=h1_text,
                    canonical=canonical_url, wiki=wiki, cited=cited)


# A link's address that says what kind of work it leads to: "/album/sheer-heart-attack-mw0000191374",
# "/wiki/Deconstruction_(Devin_Townsend_Project_album)", "/film/81/", "/title/tt0468569/"
_HREF_KIND = re.compile(r"(?i)(?:/|_\(|\()(?P<k>albums?|ep|soundtrack|films?|movies?|tv_series|anime|manga|novel|comics?)(?:/|\)|$)"
                        r"|(?i:_\((?:[^()/]*_)?(?P<k2>album|film|ep|soundtrack|novel|manga|tv_series|miniseries)\))")
_CITED_MAX = 60


def _cited(root: Node) -> list[tuple[str, str]]:
    """Works the running prose names with a typographic mark: set in italics (``<i>``, ``<em>``,
    ``<cite>``) as editors set titles, or linked to a page whose address names its kind. Only
    paragraphs are read: lists and tables of links are a site's menus as often as its content.
    Each comes with a kind hint: the link's ("album", "film"), or "" when only the italics say it
    is a title."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n in root.css("p i, p em, p cite, p a[href]"):
        if len(out) >= _CITED_MAX:
            break
        text = _SPACES.sub(" ", n.text(deep=True) or "").strip()
        if not (2 <= len(text) <= 80) or text in seen:
            continue
        hint = ""
        links = [n] if n.tag == "a" else n.css("a[href]")
        for a in links[:1]:
            href = (a.attributes.get("href") or "").split("?")[0].split("#")[0]
            m = _HREF_KIND.search(href)
            if m is not None and _slug_names(href, text):
                hint = (m.group("k") or m.group("k2") or "").casefold().rstrip("s")
        if n.tag == "a":
            if not hint or (n.parent is not None and n.parent.tag in ("i", "em", "cite")):
                continue  # an ordinary link; a link in italics is read with its italics
            if (_SPACES.sub(" ", n.parent.text(deep=True) or "").strip() if n.parent is not None else "") == text:
                continue  # a paragraph that is only a link: a "read more" line, not prose
        elif links and not hint and n.tag != "cite":
            continue  # italics around a link that says nothing of its kind: a magazine's page as often as an album's
        if _press(n):
            continue  # "pressed by the <em>Chicago Sun-Times</em>", "<i>Metal Hammer</i> magazine wrote": a publication
        seen.add(text)
        out.append((text, hint))
    return out


_PRESS_BEFORE = re.compile(r"(?i)(?:\b(?:by|for|told|to|in|from|with|according to|writing in|wrote in)\s+the|\b(?:for|told|according to|writing in|wrote in))\s*$")
_PRESS_AFTER = re.compile(r"(?i)^\W{0,2}\s*(?:magazine|newspaper|journal|wrote|writes|reported|reports|said|says|called|named|ranked|listed|gave|"
                          r"praised|described|critic|critics|writer|reviewer|journalist|editor|noted|stated|awarded|placed|readers|poll|interview|"
                          r"columnist|contributor|staff)\b")


def _press(n: Node) -> bool:
    """Whether the words around an italic name read it as a publication, not a work."""
    before = n.prev.text_content if n.prev is not None and n.prev.tag == "-text" else ""
    after = n.next.text_content if n.next is not None and n.next.tag == "-text" else ""
    return bool(_PRESS_BEFORE.search(before or "") or _PRESS_AFTER.match(after or ""))


_NOT_ALNUM = re.compile(r"[\W_]+")


def _slug_names(path: str, text: str) -> bool:
    """Whether the address names the linked text ("/album/sheer-heart-attack-mw0000191374" for
    "Sheer Heart Attack", "/reviews/albums/18745-growing-seeds/"): a site's "Review by josh lewis"
    or "Show All…" links lead to a film's pages too, but their words are not its slug."""
    words = _NOT_ALNUM.sub("", text.casefold())
    if len(words) < 2:
        return False
    segs = [_NOT_ALNUM.sub("", seg.casefold()).lstrip("0123456789") for seg in path.split("/") if seg]
    return any(seg.startswith(words) or (len(words) >= 5 and words in seg) for seg in segs)  # ("lust-for-youth-perfect-view")


def _is_wiki(tree: HTMLParser) -> bool:
    gen = tree.css_first("meta[name=generator]")
    return gen is not None and (gen.attributes.get("content") or "").startswith("MediaWiki")


def _data_table(form: Node) -> bool:
    """A form that holds a table of records ("Release | Format | Tracks | Date | Country | Label"),
    as catalogs wrap their lists to let editors tick rows: the table is content, not a login."""
    for table in form.css("table"):
        heads = [th.text(strip=True) for th in table.css("th")]
        if sum(1 for h in heads if canonical(h)) >= 2 and len(table.css("tr")) >= 3:
            return True
    return False


def _outermost(nodes: list[Node]) -> list[Node]:
    """``nodes`` without those inside another of them."""
    ids = {n.mem_id for n in nodes}
    out = []
    for n in nodes:
        p = n.parent
        while p is not None and p.mem_id not in ids:
            p = p.parent
        if p is None:
            out.append(n)
    return out


def _remove(nodes: list[Node]) -> None:
    """Remove the outermost of ``nodes``: destroying a node frees the nodes inside it."""
    for n in _outermost(nodes):
        n.decompose()


def _drop_chrome(tree: HTMLParser) -> None:
    """Set aside elements whose class or id names them as chrome."""
    named = []
    for n in tree.css(_CHROME_SEL):
        if n.tag in _KEEP:
            continue
        names = f"{n.attributes.get('class') or ''} {n.attributes.get('id') or ''}"
        if not any(_CHROME.search(tok) for tok in names.split()):
            continue
        if n.css_first("h1, [itemprop=articleBody], [itemprop=reviewBody]") is not None:
            continue  # a wrapper named "content-with-sidebar" holds the page itself
        named.append(n)
    _remove(named)


def _trafilatura(html: str, warnings: list[str]) -> str | None:
    try:
        import trafilatura

        out = trafilatura.extract(html, include_comments=True, include_tables=True, favor_recall=True, deduplicate=False,
                                  fast=True)  # (its own reader alone: the other libraries it compares with cost ~30 ms a page)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        warnings.append(f"trafilatura failed: {type(exc).__name__}")
        return None
    return out


__all__ = ["MAX_DEPTH", "HtmlPage", "bounded_depth", "parse_html"]
