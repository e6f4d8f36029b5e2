"""Draw the neutral sample photo the worker-UI preview shows (components/preview/assets/sample-image.png).

    .venv/bin/python tools/make_sample_image.py

A landscape drawn with matplotlib: no real person, nothing to moderate, and no licence to track.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

OUT = Path(__file__).resolve().parents[1] / "components" / "preview" / "assets" / "sample-image.png"


def main() -> None:
    figure = plt.figure(figsize=(6.4, 4.27), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 640)
    axes.set_ylim(0, 427)
    axes.axis("off")
    sky = np.linspace(0, 1, 256).reshape(-1, 1)
    axes.imshow(sky, extent=(0, 640, 0, 427), cmap="Blues", vmin=-0.6, vmax=1.6, aspect="auto", origin="lower")
    axes.add_patch(plt.Circle((500, 350), 38, color="#ffd166", zorder=2))
    x = np.linspace(0, 640, 200)
    axes.fill_between(x, 0, 200 + 40 * np.sin(x / 90) + 25 * np.sin(x / 37), color="#4f772d", zorder=3)
    axes.fill_between(x, 0, 150 + 30 * np.sin(x / 60 + 1.3), color="#31572c", zorder=4)
    axes.fill_between(x, 0, 70 + 6 * np.sin(x / 25), color="#90e0ef", zorder=5)
    for left in (80, 150, 560):
        axes.add_patch(plt.Polygon([(left, 150), (left + 22, 230), (left + 44, 150)], color="#132a13", zorder=6))
    axes.text(16, 16, "a2i-moderation sample image", color="white", fontsize=11, zorder=7)
    figure.savefig(OUT, dpi=100)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
