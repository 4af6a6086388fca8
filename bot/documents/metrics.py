"""How wide a line of text prints in Times New Roman (pure apart from reading a font file).

The documents draw the lines Decree 30/2020/NĐ-CP asks for under the motto and the trích yếu at lengths set
from the text's width, so the width is measured with a font metric-compatible with Times New Roman: Liberation
Serif (Debian's fonts-liberation2, the font LibreOffice and our print test use for it) or Times New Roman itself,
through Pillow's FreeType binding (installed with matplotlib). Without either, an average glyph width.
"""

from __future__ import annotations

from functools import lru_cache

AVERAGE_EM = 0.5  # a Times-like face's average glyph width, in ems, when no font file is found
_FAMILIES = ("Liberation Serif", "Times New Roman", "Tinos")


@lru_cache(maxsize=8)
def _font(bold: bool, italic: bool):
    try:
        from matplotlib import font_manager
        from PIL import ImageFont
    except ImportError:  # pragma: no cover - both come with matplotlib, a dependency
        return None
    for family in _FAMILIES:
        props = font_manager.FontProperties(family=family, weight="bold" if bold else "normal",
                                            style="italic" if italic else "normal")
        try:
            path = font_manager.findfont(props, fallback_to_default=False)
        except ValueError:
            continue
        return ImageFont.truetype(path, size=1000)
    return None


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of one line of `text` at `size_pt` points."""
    font = _font(bold, italic)
    if font is None:
        return len(text) * size_pt * AVERAGE_EM
    return font.getlength(text) * size_pt / 1000
