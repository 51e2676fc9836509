"""What a scanner and a tired toner do to a page: fading, noise, a slight skew, blur and
JPEG-like softening. Seeded numpy generators only."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageFilter


def degrade(img: Image.Image, rng: random.Random, nrng: np.random.Generator) -> tuple[Image.Image, list[str]]:
    """A degraded copy of a grayscale page, and the names of what was done."""
    done: list[str] = []
    if rng.random() < 0.7:
        angle = rng.uniform(-2.0, 2.0)
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        done.append(f"rotate{angle:+.1f}")
    arr = np.asarray(img, dtype=np.float32)
    if rng.random() < 0.3:
        lo, hi = rng.uniform(70, 110), rng.uniform(215, 240)   # faded: low contrast
        arr = lo + arr / 255.0 * (hi - lo)
        done.append("faded")
    if rng.random() < 0.5:
        arr = arr + nrng.normal(0, rng.uniform(6, 16), arr.shape).astype(np.float32)
        done.append("noise")
    if rng.random() < 0.25:
        speck = nrng.random(arr.shape) < rng.uniform(0.0005, 0.002)
        arr[speck] = 30
        done.append("specks")
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
    if rng.random() < 0.35:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.1)))
        done.append("blur")
    if rng.random() < 0.35:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(25, 55))
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
        done.append("jpeg")
    return img, done
