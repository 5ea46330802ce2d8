"""Link-preview images (``og:image``): 1200x630 PNGs drawn with Pillow, cached by what they show.

The font is Source Sans Pro from the ``font-source-sans-pro`` package (SIL OFL 1.1, recorded in
``LICENSE-FONTS.md``): nothing is fetched at build time. An image is named by the hash of
everything drawn on it, so an unchanged claim is never drawn twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import font_source_sans_pro
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
DESIGN = 2  # bump when the drawing changes: every cached image is then redrawn
WHITE, INK, MUTED, PAPER, RULE = "#ffffff", "#1b1f24", "#57606a", "#f4f1e8", "#d8dee4"
SHADES = 8  # steps of anti-aliasing kept between a text colour and its background
LEFT, RIGHT, TOP = 84, 1200 - 64, 50
LABEL = 29  # px: about 12 px when a forum shows the image 500 px wide


@dataclass(frozen=True)
class PreviewCard:
    """What one preview image shows."""

    verdict_label: str  # "Inaccurate", or "Context note" for a note
    verdict_id: str  # accurate … inaccurate, or note: picks the symbol
    colour: str  # the verdict's colour, "#rrggbb"
    clinic_label: str  # e.g. "The clinic says"
    clinic_words: str
    finding_label: str  # e.g. "Our finding"
    finding: str
    site_name: str

    @property
    def key(self) -> str:
        data = json.dumps({"design": DESIGN, **asdict(self)}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]

    @property
    def alt(self) -> str:
        """The image's words as text, for ``og:image:alt``."""
        return (f"{self.verdict_label}. {self.clinic_label}: “{self.clinic_words}” "
                f"{self.finding_label}: {self.finding} {self.site_name}.")


@lru_cache(maxsize=None)
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_source_sans_pro.font_files_ttf[weight], size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Lines of ``text`` within ``width``; the last one ends with an ellipsis when text is left over."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width or not line:
            line = candidate
            continue
        lines.append(line)
        line = word
        if len(lines) == max_lines:
            lines[-1] = _ellipsis(lines[-1], font, width)
            return lines
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsis(lines[-1], font, width)
    return lines


def _ellipsis(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    words = line.rstrip(" ,;:.…").split()
    while words and font.getlength(" ".join(words) + "…") > width:
        words.pop()
    return " ".join(words).rstrip(" ,;:.–—-") + "…"


def _symbol(draw: ImageDraw.ImageDraw, verdict_id: str, x: int, y: int, d: int, colour: str) -> None:
    """The verdict's symbol, white in a disc of its colour (drawn, not typed: the font lacks ✗)."""
    draw.ellipse((x, y, x + d, y + d), fill=colour)
    s, white = d / 100, WHITE
    if verdict_id == "accurate":
        draw.line([(x + 27 * s, y + 52 * s), (x + 44 * s, y + 69 * s), (x + 74 * s, y + 33 * s)], fill=white,
                  width=round(11 * s), joint="curve")
    elif verdict_id == "inaccurate":
        for a, b in (((31, 31), (69, 69)), ((69, 31), (31, 69))):
            draw.line([(x + a[0] * s, y + a[1] * s), (x + b[0] * s, y + b[1] * s)], fill=white, width=round(11 * s))
    else:
        glyph = {"needs-context": "i", "misleading": "!", "unsupported": "?"}.get(verdict_id, "¶")
        draw.text((x + d / 2, y + d / 2 + 2 * s), glyph, font=_font("SourceSansProBold", round(66 * s)), fill=white,
                  anchor="mm")


def render_png(card: PreviewCard) -> bytes:
    """The preview image of ``card`` as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=card.colour)
    width = RIGHT - LEFT

    # our verdict first, in its colour, with its symbol
    draw.text((LEFT, TOP), "OUR VERDICT" if card.verdict_id != "note" else "NOT A VERDICT",
              font=_font("SourceSansProBold", LABEL), fill=MUTED)
    _symbol(draw, card.verdict_id, LEFT, TOP + 42, 84, card.colour)
    draw.text((LEFT + 104, TOP + 42 + 42), card.verdict_label, font=_font("SourceSansProBold", 80), fill=card.colour,
              anchor="lm")

    # the clinic's words, labelled as theirs, in a quoted box
    y = TOP + 152
    draw.text((LEFT, y), card.clinic_label.upper(), font=_font("SourceSansProBold", LABEL), fill=MUTED)
    y += 40
    quote_font = _font("SourceSansProIt", 38)
    lines = _wrap(f"“{card.clinic_words}”", quote_font, width - 48, 3)
    box_bottom = y + 24 + 48 * len(lines)
    draw.rectangle((LEFT, y, RIGHT, box_bottom), fill=PAPER)
    draw.rectangle((LEFT, y, LEFT + 6, box_bottom), fill=RULE)
    for i, line in enumerate(lines):
        draw.text((LEFT + 30, y + 12 + 48 * i), line, font=quote_font, fill=INK)

    # our finding
    y = box_bottom + 24
    draw.text((LEFT, y), card.finding_label.upper(), font=_font("SourceSansProBold", LABEL), fill=MUTED)
    finding_font = _font("SourceSansProSemibold", 38)
    for i, line in enumerate(_wrap(card.finding, finding_font, width, 5 - len(lines) if len(lines) > 1 else 3)):
        draw.text((LEFT, y + 36 + 44 * i), line, font=finding_font, fill=INK)

    # whose check this is
    draw.line((LEFT, HEIGHT - 54, RIGHT, HEIGHT - 54), fill=RULE, width=2)
    draw.text((LEFT, HEIGHT - 28), card.site_name, font=_font("SourceSansProBold", 30), fill=INK, anchor="lm")

    out = io.BytesIO()
    # a palette of the colours drawn and their anti-aliasing shades: a third of the bytes of full colour
    image.quantize(palette=_palette(card.colour), dither=Image.Dither.NONE).save(out, "PNG", compress_level=6)
    return out.getvalue()


@lru_cache(maxsize=None)
def _palette(colour: str) -> Image.Image:
    """Every colour an image in ``colour`` uses: each text colour blended into its background."""
    def rgb(hex_colour: str) -> tuple[int, ...]:
        return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))

    pairs = [(WHITE, INK), (WHITE, MUTED), (WHITE, colour), (PAPER, INK), (colour, WHITE)]
    colours = [rgb(RULE)]
    for back, fore in pairs:
        a, b = rgb(back), rgb(fore)
        for step in range(SHADES + 1):
            shade = tuple(round(x + (y - x) * step / SHADES) for x, y in zip(a, b))
            if shade not in colours:
                colours.append(shade)
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for c in colours for channel in c])
    return palette


def cached_png(card: PreviewCard, cache_dir: Path) -> Path:
    """The image of ``card`` in ``cache_dir``, drawn only when no image with its key is there yet."""
    path = cache_dir / f"{card.key}.png"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(render_png(card))
        partial.replace(path)  # never a half-written image under the final name
    return path
