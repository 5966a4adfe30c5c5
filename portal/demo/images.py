"""Demo images drawn locally with Pillow: nothing is downloaded, each image is made once.

Every image is a gradient with simple shapes (a skyline, trees, water, a floor plan, a
logo) and at most a short Latin caption, so no CJK font is needed. Images are identified by
title inside the demo collection; a second run finds them and draws nothing.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

COLLECTION_NAME = "演示图片"
PHOTO_SIZE = (1200, 800)
SQUARE_SIZE = (480, 480)


@dataclass(frozen=True)
class ImageSpec:
    key: str  # stable identifier used by the page builders and in the file name
    title: str  # what editors see in the image library
    kind: str  # which drawing: skyline, garden, water, interior, plan, cover, logo
    top: str  # gradient colours, top to bottom
    bottom: str
    caption: str = ""  # Latin only: drawn on the image


SPECS: list[ImageSpec] = [
    ImageSpec(
        "skyline-dusk", "演示 · 城市天际线（黄昏）", "skyline", "#f6a96b", "#5b3f8c", "SKYLINE"
    ),
    ImageSpec("skyline-day", "演示 · 城市天际线（白天）", "skyline", "#8fd3ff", "#e8f4ff", "CITY"),
    ImageSpec("garden", "演示 · 中心园林", "garden", "#bfe6a6", "#3e7d4f", "GARDEN"),
    ImageSpec("waterfront", "演示 · 滨水步道", "water", "#ffe3b3", "#2f6f9f", "RIVERSIDE"),
    ImageSpec("clubhouse", "演示 · 会所大堂", "interior", "#f3e9dc", "#b08968", "CLUBHOUSE"),
    ImageSpec("show-flat", "演示 · 样板房客厅", "interior", "#fdf6ec", "#9c6644", "SHOW FLAT"),
    ImageSpec("hills", "演示 · 山景远眺", "garden", "#d7ecff", "#6a994e", "HILLS"),
    ImageSpec("plan-2", "演示 · 两房户型图", "plan", "#ffffff", "#f1f1f1", "2 ROOMS"),
    ImageSpec("plan-3", "演示 · 三房户型图", "plan", "#ffffff", "#f1f1f1", "3 ROOMS"),
    ImageSpec("plan-4", "演示 · 四房户型图", "plan", "#ffffff", "#f1f1f1", "4 ROOMS"),
    ImageSpec("cover-spring", "演示 · 会刊封面（春）", "cover", "#ffd6e0", "#f49cbb", "SPRING"),
    ImageSpec("cover-summer", "演示 · 会刊封面（夏）", "cover", "#b8f2e6", "#2ec4b6", "SUMMER"),
    ImageSpec("cover-autumn", "演示 · 会刊封面（秋）", "cover", "#ffe5b4", "#e76f51", "AUTUMN"),
    ImageSpec("cover-winter", "演示 · 会刊封面（冬）", "cover", "#e0fbfc", "#3d5a80", "WINTER"),
    ImageSpec("logo-dining", "演示 · 商户标志（餐饮）", "logo", "#e63946", "#9d0208", "D"),
    ImageSpec("logo-shopping", "演示 · 商户标志（购物）", "logo", "#ffb703", "#fb8500", "S"),
    ImageSpec("logo-education", "演示 · 商户标志（教育）", "logo", "#219ebc", "#023047", "E"),
    ImageSpec("logo-health", "演示 · 商户标志（健康）", "logo", "#52b788", "#1b4332", "H"),
    ImageSpec("logo-home", "演示 · 商户标志（家居）", "logo", "#bc6c25", "#603808", "H"),
    ImageSpec("logo-leisure", "演示 · 商户标志（休闲）", "logo", "#9b5de5", "#3c096c", "L"),
]

SCENES = ["skyline-dusk", "skyline-day", "garden", "waterfront", "clubhouse", "show-flat", "hills"]
COVERS = ["cover-winter", "cover-spring", "cover-summer", "cover-autumn"]


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def _gradient(size: tuple[int, int], top: str, bottom: str) -> PILImage.Image:
    """A vertical gradient, made by stretching a 1-pixel-wide column (fast)."""
    width, height = size
    a, b = _hex(top), _hex(bottom)
    column = PILImage.new("RGB", (1, height))
    column.putdata(
        [
            tuple(round(a[c] + (b[c] - a[c]) * y / (height - 1)) for c in range(3))
            for y in range(height)
        ]
    )
    return column.resize(size)


def _font(size: int):
    return ImageFont.load_default(size)


def _draw_skyline(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    x = 0
    while x < width:
        w = rng.randint(50, 130)
        h = rng.randint(height // 5, int(height * 0.7))
        shade = rng.randint(30, 70)
        draw.rectangle([x, height - h, x + w, height], fill=(shade, shade, shade + 20))
        for wy in range(height - h + 15, height - 10, 28):
            for wx in range(x + 10, x + w - 10, 22):
                if rng.random() < 0.45:
                    draw.rectangle([wx, wy, wx + 9, wy + 13], fill=(255, 222, 140))
        x += w + rng.randint(2, 12)


def _draw_garden(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    draw.ellipse([-width // 4, height * 0.55, width * 1.25, height * 1.6], fill=(86, 150, 90))
    for _ in range(16):
        cx, cy, r = rng.randint(0, width), rng.randint(height // 2, height), rng.randint(30, 80)
        green = rng.randint(90, 160)
        draw.rectangle([cx - 5, cy, cx + 5, cy + r], fill=(101, 67, 33))
        draw.ellipse([cx - r, cy - r, cx + r, cy + r // 2], fill=(40, green, 60))


def _draw_water(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    draw.rectangle([0, height * 0.6, width, height], fill=(47, 111, 159))
    for _ in range(40):
        y = rng.randint(int(height * 0.62), height)
        x = rng.randint(0, width)
        draw.line([x, y, x + rng.randint(30, 120), y], fill=(200, 230, 255), width=2)
    draw.ellipse([width * 0.7, height * 0.15, width * 0.82, height * 0.33], fill=(255, 240, 200))


def _draw_interior(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    draw.rectangle([0, height * 0.7, width, height], fill=(120, 85, 60))
    draw.rectangle([width * 0.1, height * 0.15, width * 0.45, height * 0.55], fill=(220, 235, 245))
    draw.rectangle([width * 0.55, height * 0.5, width * 0.9, height * 0.72], fill=(90, 90, 110))
    draw.ellipse([width * 0.62, height * 0.05, width * 0.72, height * 0.15], fill=(255, 245, 200))


def _draw_plan(draw: ImageDraw.ImageDraw, size, rng: random.Random, rooms: int) -> None:
    width, height = size
    margin = 80
    draw.rectangle([margin, margin, width - margin, height - margin], outline=(40, 40, 40), width=8)
    # living room on the left, bedrooms stacked on the right
    split = width // 2
    draw.line([split, margin, split, height - margin], fill=(40, 40, 40), width=5)
    step = (height - 2 * margin) / rooms
    for i in range(1, rooms):
        y = margin + i * step
        draw.line([split, y, width - margin, y], fill=(40, 40, 40), width=5)
    for i in range(rooms):
        y = margin + i * step + step / 2
        draw.rectangle([split + 60, y - 25, split + 180, y + 25], outline=(120, 120, 120), width=3)
    draw.rectangle(
        [margin + 40, height - margin - 140, margin + 260, height - margin - 40],
        outline=(120, 120, 120),
        width=3,
    )


def _draw_cover(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    for _ in range(9):
        r = rng.randint(40, 160)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(255, 255, 255), width=6)


def _draw_logo(draw: ImageDraw.ImageDraw, size, rng: random.Random) -> None:
    width, height = size
    draw.ellipse([40, 40, width - 40, height - 40], outline=(255, 255, 255), width=14)


def image_draw(spec: ImageSpec) -> bytes:
    """The PNG/JPEG bytes of one demo image; deterministic for a given spec."""
    size = SQUARE_SIZE if spec.kind == "logo" else PHOTO_SIZE
    rng = random.Random(spec.key)  # noqa: S311 - shapes, not secrets: same picture every run
    picture = _gradient(size, spec.top, spec.bottom)
    draw = ImageDraw.Draw(picture)
    if spec.kind == "plan":
        _draw_plan(draw, size, rng, rooms=int(spec.key.rsplit("-", 1)[1]))
    else:
        {
            "skyline": _draw_skyline,
            "garden": _draw_garden,
            "water": _draw_water,
            "interior": _draw_interior,
            "cover": _draw_cover,
            "logo": _draw_logo,
        }[spec.kind](draw, size, rng)
    if spec.caption:
        if spec.kind == "logo":
            font = _font(220)
            draw.text(
                (size[0] / 2, size[1] / 2), spec.caption, font=font, fill="white", anchor="mm"
            )
        else:
            font = _font(44)
            colour = (60, 60, 60) if spec.kind == "plan" else (255, 255, 255)
            draw.text((40, 24), spec.caption, font=font, fill=colour)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_collection_ensure() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


@transaction.atomic
def demo_images_ensure() -> dict:
    """All demo images by key, drawing and saving only those that are missing."""
    Image = get_image_model()
    collection = demo_collection_ensure()
    existing = {image.title: image for image in Image.objects.filter(collection=collection)}
    images = {}
    for spec in SPECS:
        image = existing.get(spec.title)
        if image is None:
            image = Image(title=spec.title, collection=collection)
            image.file = ImageFile(io.BytesIO(image_draw(spec)), name=f"demo-{spec.key}.jpg")
            image._set_image_file_metadata()
            image.save()
        images[spec.key] = image
    return images
