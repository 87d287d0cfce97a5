#!/usr/bin/python3
"""Draws the illustrative pictures of the destination pages.

There are no photographs of the destinations in this repository yet, so each
destination bundle carries one simple drawing (content/diem-den/<slug>/minh-hoa.jpg,
1600 x 1067 JPEG). The pages say that they are illustrations, and each alt
text describes what the drawing shows. Replace a drawing with a real photo
(same name, or a new entry in the page's `photos`) when the tourism
department supplies one, with its own alt text.

Usage: scripts/make-illustrations.py [CONTENT_DIR]   (needs python3-pil)
The output is deterministic: running it again gives the same files.
"""
import math
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter

W, H = 1600, 1067


# ---------- drawing helpers ----------

def lerp(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def sky(d, top, bottom, to=H, bands=24):
    """A vertical gradient in a few bands (flat bands compress well)."""
    d.rectangle([0, 0, W, H], fill=bottom)
    step = to / bands
    for i in range(bands):
        d.rectangle([0, int(i * step), W, int((i + 1) * step) + 1], fill=lerp(top, bottom, i / (bands - 1)))


def karst(d, base, x, h, w, color, lean=0.0):
    """A steep limestone tower: flat-ish top, near-vertical sides."""
    pts = []
    n = 40
    for i in range(n + 1):
        t = i / n
        s = math.sin(math.pi * t) ** 0.45
        xx = x - w / 2 + w * t + lean * h * s * 0.15
        pts.append((xx, base - h * s))
    pts.append((x + w / 2, base + 2))
    pts.append((x - w / 2, base + 2))
    d.polygon(pts, fill=color)


def ridge(d, base, amp, color, seed, waves=5, bottom=H):
    """A rolling ridge line across the picture, filled below."""
    rnd = random.Random(seed)
    phases = [rnd.uniform(0, 6.28) for _ in range(waves)]
    pts = []
    for x in range(0, W + 21, 20):
        y = base
        for k, ph in enumerate(phases):
            y -= amp / (k + 1) * math.sin(x / W * math.pi * (k + 1.3) + ph)
        pts.append((x, y))
    pts += [(W, bottom), (0, bottom)]
    d.polygon(pts, fill=color)


def cloud(d, x, y, s, color=(255, 255, 255)):
    for dx, dy, r in [(-1.2, 0.2, 0.7), (-0.4, -0.3, 1.0), (0.5, -0.1, 0.85), (1.3, 0.25, 0.6)]:
        d.ellipse([x + dx * s - r * s, y + dy * s - r * s, x + dx * s + r * s, y + dy * s + r * s], fill=color)
    d.rectangle([x - 1.8 * s, y + 0.2 * s, x + 1.8 * s, y + 0.85 * s], fill=color)


def roof(d, cx, y, w, h, color, lift=0.35):
    """A curved East Asian roof: wide eaves that turn up at the ends."""
    half = w / 2
    pts = [(cx - half * 0.62, y - h), (cx + half * 0.62, y - h),
           (cx + half * 0.92, y - h * 0.15), (cx + half * 1.05, y - h * (0.15 + lift)),
           (cx + half, y + h * 0.05), (cx - half, y + h * 0.05),
           (cx - half * 1.05, y - h * (0.15 + lift)), (cx - half * 0.92, y - h * 0.15)]
    d.polygon(pts, fill=color)
    d.line([(cx - half * 0.62, y - h), (cx + half * 0.62, y - h)], fill=lerp(color, (0, 0, 0), 0.3), width=6)


def temple(d, cx, base, w, body, roofc, tiers=2, door=(60, 30, 25)):
    """A temple or pagoda hall: walls, a door, one or two roofs."""
    bh = w * 0.42
    d.rectangle([cx - w * 0.42, base - bh, cx + w * 0.42, base], fill=body)
    d.rectangle([cx - w * 0.1, base - bh * 0.62, cx + w * 0.1, base], fill=door)
    for i in (-1, 1):
        d.rectangle([cx + i * w * 0.27 - w * 0.05, base - bh * 0.55, cx + i * w * 0.27 + w * 0.05, base - bh * 0.25], fill=door)
    roof(d, cx, base - bh, w * 1.05, w * 0.2, roofc)
    if tiers > 1:
        d.rectangle([cx - w * 0.25, base - bh - w * 0.38, cx + w * 0.25, base - bh - w * 0.16], fill=body)
        roof(d, cx, base - bh - w * 0.36, w * 0.7, w * 0.17, roofc)


def steps(d, x0, y0, x1, y1, n, color, width=60):
    for i in range(n):
        t = i / n
        x = x0 + (x1 - x0) * t
        y = y0 + (y1 - y0) * t
        d.rectangle([x - width / 2, y - 6, x + width / 2, y + 2], fill=color)


def tree(d, x, base, h, leaf, trunk=(92, 64, 40)):
    d.rectangle([x - h * 0.05, base - h * 0.5, x + h * 0.05, base], fill=trunk)
    for dx, dy, r in [(0, -0.75, 0.32), (-0.25, -0.55, 0.26), (0.25, -0.55, 0.26), (0, -0.5, 0.3)]:
        d.ellipse([x + dx * h - r * h, base + dy * h - r * h, x + dx * h + r * h, base + dy * h + r * h], fill=leaf)


def stilt_house(d, x, base, w, wall=(150, 105, 65), roofc=(110, 62, 40)):
    post = (80, 55, 35)
    for i in range(4):
        px = x - w / 2 + w * (0.08 + 0.28 * i)
        d.rectangle([px, base - w * 0.22, px + w * 0.05, base], fill=post)
    d.rectangle([x - w / 2, base - w * 0.5, x + w / 2, base - w * 0.22], fill=wall)
    d.rectangle([x - w * 0.1, base - w * 0.42, x + w * 0.06, base - w * 0.28], fill=(70, 45, 30))
    d.polygon([(x - w * 0.62, base - w * 0.48), (x + w * 0.62, base - w * 0.48),
               (x + w * 0.35, base - w * 0.8), (x - w * 0.35, base - w * 0.8)], fill=roofc)


def truck(d, x, base, s, body):
    d.rectangle([x, base - s * 0.55, x + s * 1.2, base - s * 0.12], fill=body)
    d.rectangle([x + s * 1.2, base - s * 0.45, x + s * 1.55, base - s * 0.12], fill=(220, 220, 225))
    d.rectangle([x + s * 1.3, base - s * 0.4, x + s * 1.5, base - s * 0.27], fill=(90, 120, 150))
    for wx in (0.2, 0.55, 1.35):
        d.ellipse([x + s * wx - s * 0.1, base - s * 0.2, x + s * wx + s * 0.1, base], fill=(35, 35, 35))


def awnings(d, x0, x1, y, h, colors):
    n = len(colors)
    w = (x1 - x0) / n
    for i, c in enumerate(colors):
        d.polygon([(x0 + i * w, y), (x0 + (i + 1) * w, y), (x0 + (i + 1) * w + w * 0.08, y + h),
                   (x0 + i * w - w * 0.08, y + h)], fill=c)


def blossom_branch(d, x, y, rnd):
    brown = (96, 60, 45)
    pts = [(x, y)]
    for i in range(6):
        x, y = x + rnd.uniform(60, 110), y - rnd.uniform(10, 45)
        pts.append((x, y))
    d.line(pts, fill=brown, width=14, joint="curve")
    for px, py in pts[1:]:
        d.line([(px, py), (px + rnd.uniform(-40, 60), py - rnd.uniform(40, 90))], fill=brown, width=6)
        for _ in range(7):
            bx, by = px + rnd.uniform(-45, 65), py - rnd.uniform(-20, 90)
            r = rnd.uniform(9, 16)
            d.ellipse([bx - r, by - r, bx + r, by + r], fill=rnd.choice([(240, 150, 180), (250, 185, 205), (230, 120, 160)]))


# ---------- the scenes ----------
# Each function draws one destination; the alt text in the page describes it.

GREEN_FAR, GREEN_MID, GREEN_NEAR = (150, 180, 165), (96, 140, 110), (70, 112, 78)
ROCK_FAR, ROCK = (170, 185, 190), (120, 135, 135)


def scene_tam_thanh(d, rnd):
    sky(d, (150, 195, 230), (225, 238, 245), 760)
    karst(d, 760, 1250, 520, 360, ROCK_FAR)
    karst(d, 900, 620, 700, 820, ROCK)
    # the stone figure on the right peak
    karst(d, 820, 1330, 420, 300, (110, 125, 125))
    d.polygon([(1318, 404), (1345, 404), (1352, 350), (1340, 320), (1325, 318), (1312, 352)], fill=(80, 90, 92))
    d.ellipse([1318, 292, 1342, 318], fill=(80, 90, 92))
    ridge(d, 880, 30, GREEN_MID, 1)
    d.ellipse([500, 380, 760, 560], fill=(35, 32, 30))            # cave mouth
    temple(d, 630, 560, 230, (222, 205, 170), (150, 60, 45), tiers=1)
    steps(d, 640, 565, 780, 900, 18, (200, 200, 195), 80)
    ridge(d, 990, 20, GREEN_NEAR, 2)
    for x in (120, 260, 1450):
        tree(d, x, 1000, 180, (60, 110, 70))


def scene_nhi_thanh(d, rnd):
    d.rectangle([0, 0, W, H], fill=(55, 52, 50))
    d.ellipse([-300, 80, W + 300, 1300], fill=(95, 88, 80))             # the vault
    d.ellipse([620, 60, 820, 140], fill=(235, 240, 230))                # light from the roof
    d.polygon([(640, 110), (800, 110), (1050, 1067), (420, 1067)], fill=(120, 112, 100))
    for i in range(14):                                                  # stalactites
        x = 150 + i * 95 + rnd.uniform(-20, 20)
        d.polygon([(x - 18, 150 + (i % 3) * 40), (x + 18, 150 + (i % 3) * 40), (x, 330 + rnd.uniform(0, 120))], fill=(140, 130, 118))
    d.polygon([(0, 860), (W, 820), (W, 960), (0, 1000)], fill=(70, 130, 150))   # the stream
    d.polygon([(0, 900), (W, 860), (W, 880), (0, 925)], fill=(110, 170, 185))
    d.arc([560, 720, 1040, 1000], 190, 350, fill=(150, 95, 60), width=18)       # bridge
    d.line([(590, 820), (1010, 820)], fill=(150, 95, 60), width=10)
    d.rectangle([0, 990, W, H], fill=(85, 78, 70))


def scene_thanh_mac(d, rnd):
    sky(d, (140, 185, 225), (230, 240, 245), 700)
    ridge(d, 600, 40, GREEN_FAR, 3)
    karst(d, 760, 330, 420, 520, GREEN_MID)
    karst(d, 760, 1280, 470, 560, GREEN_MID)
    d.polygon([(400, 600), (1200, 600), (1200, 760), (400, 760)], fill=(128, 128, 120))     # wall
    for i in range(26):                                                                       # blocks
        for j in range(4):
            x = 400 + i * 31 + (j % 2) * 15
            d.rectangle([x, 600 + j * 40, x + 28, 600 + j * 40 + 36], outline=(105, 105, 98), width=3)
    for i in range(12):
        d.rectangle([410 + i * 66, 575, 440 + i * 66, 600], fill=(128, 128, 120))            # crenels
    d.rectangle([720, 630, 880, 760], fill=(40, 42, 40))
    d.ellipse([720, 570, 880, 690], fill=(40, 42, 40))
    ridge(d, 860, 25, GREEN_NEAR, 4)
    steps(d, 800, 760, 800, 1060, 16, (175, 175, 168), 150)


def scene_chua_tien(d, rnd):
    sky(d, (160, 200, 232), (236, 242, 246), 760)
    # an elephant-shaped hill: a long back and a trunk-like spur
    d.ellipse([250, 260, 1350, 1050], fill=ROCK)
    d.polygon([(250, 700), (160, 760), (130, 900), (230, 900), (300, 760)], fill=ROCK)
    d.ellipse([720, 470, 960, 640], fill=(40, 36, 34))
    temple(d, 840, 640, 220, (225, 210, 175), (160, 70, 50), tiers=1)
    steps(d, 860, 645, 1150, 930, 16, (205, 205, 198), 70)
    ridge(d, 930, 18, GREEN_NEAR, 5)
    d.ellipse([380, 930, 640, 1020], fill=(150, 150, 145))                # the well
    d.ellipse([410, 945, 610, 1005], fill=(60, 110, 130))
    tree(d, 1450, 960, 240, (70, 120, 75))


def scene_ky_cung(d, rnd):
    sky(d, (170, 205, 235), (240, 232, 220), 700)
    ridge(d, 560, 60, ROCK_FAR, 6)
    d.rectangle([0, 700, W, 860], fill=(90, 150, 175))                    # river
    d.rectangle([0, 690, W, 705], fill=(200, 200, 195))
    for i in range(6):                                                    # the bridge
        x = 700 + i * 160
        d.arc([x, 620, x + 160, 780], 180, 360, fill=(190, 190, 185), width=14)
    d.rectangle([700, 605, W, 625], fill=(190, 190, 185))
    d.rectangle([0, 860, W, H], fill=(120, 160, 100))
    temple(d, 420, 900, 520, (235, 215, 160), (150, 55, 40), tiers=2)
    tree(d, 90, 900, 260, (70, 120, 75))
    tree(d, 760, 920, 220, (70, 120, 75))


def scene_bac_le(d, rnd):
    sky(d, (165, 205, 235), (235, 240, 240), 700)
    ridge(d, 560, 50, GREEN_FAR, 7)
    d.ellipse([250, 460, 1350, 1300], fill=GREEN_MID)                     # the hill
    temple(d, 800, 640, 360, (230, 210, 165), (175, 60, 45), tiers=2)
    for x, h in [(430, 460), (1150, 500), (1320, 380)]:
        tree(d, x, 720, h, (50, 95, 60))
    d.rectangle([560, 660, 1040, 680], fill=(200, 190, 170))
    d.polygon([(0, 960), (W, 900), (W, 1000), (0, 1067)], fill=(90, 150, 170))   # the stream
    steps(d, 800, 690, 800, 930, 14, (205, 200, 190), 120)
    for i in (-1, 0, 1):                                                   # triple gate
        d.rectangle([800 + i * 110 - 40, 860, 800 + i * 110 + 40, 940], fill=(225, 205, 160))
        roof(d, 800 + i * 110, 860, 110, 28, (175, 60, 45))


def scene_dong_kinh(d, rnd):
    sky(d, (160, 200, 235), (235, 240, 245), 600)
    d.rectangle([200, 220, 1400, 760], fill=(225, 220, 205))              # market building
    for r in range(4):
        for c in range(12):
            d.rectangle([240 + c * 98, 260 + r * 110, 300 + c * 98, 330 + r * 110], fill=(110, 140, 165))
    d.rectangle([200, 200, 1400, 230], fill=(160, 70, 55))
    d.rectangle([0, 760, W, H], fill=(180, 175, 165))
    awnings(d, 60, 1540, 760, 70, [(200, 60, 50), (40, 110, 170), (230, 170, 40), (60, 140, 80)] * 3)
    for i in range(10):                                                    # sacks and baskets
        x = 110 + i * 145
        d.ellipse([x, 900, x + 110, 1000], fill=(140, 80, 45) if i % 2 else (100, 150, 70))
        if i % 2:
            for k in range(6):
                sx, sy = x + 20 + k * 14, 915 + (k % 2) * 18
                d.polygon([(sx, sy - 8), (sx + 6, sy), (sx, sy + 8), (sx - 6, sy)], fill=(90, 45, 25))


def scene_ky_lua(d, rnd):
    sky(d, (20, 25, 55), (55, 50, 85), 700)
    for _ in range(40):
        x, y = rnd.uniform(0, W), rnd.uniform(0, 350)
        d.ellipse([x, y, x + 3, y + 3], fill=(230, 230, 200))
    d.rectangle([0, 420, W, 700], fill=(45, 40, 55))                       # street front
    d.line([(0, 300), (W, 330)], fill=(90, 80, 70), width=4)               # lantern string
    for i in range(12):
        x = 60 + i * 135
        y = 300 + 30 * x / W
        d.line([(x, y), (x, y + 30)], fill=(90, 80, 70), width=3)
        d.ellipse([x - 32, y + 30, x + 32, y + 100], fill=(215, 45, 40))
        d.rectangle([x - 10, y + 96, x + 10, y + 108], fill=(230, 190, 60))
    awnings(d, 0, W, 520, 60, [(170, 40, 40), (200, 150, 40)] * 6)
    d.rectangle([0, 700, W, H], fill=(70, 60, 55))
    d.rectangle([80, 720, 1520, 800], fill=(120, 80, 55))                  # counter
    for i in range(7):                                                      # roast ducks
        x = 150 + i * 110
        d.line([(x, 580), (x, 620)], fill=(200, 200, 200), width=3)
        d.ellipse([x - 34, 615, x + 34, 715], fill=(170, 95, 40))
        d.ellipse([x - 20, 630, x + 4, 670], fill=(200, 130, 60))
    for x in (1050, 1300):                                                  # steaming pots
        d.rectangle([x, 650, x + 170, 720], fill=(150, 150, 155))
        for k in range(3):
            d.arc([x + 30 + k * 40, 560, x + 70 + k * 40, 650], 200, 340, fill=(210, 210, 215), width=6)


def scene_chi_lang(d, rnd):
    sky(d, (170, 205, 235), (238, 240, 235), 700)
    # sheer limestone range on the left, earth hills on the right
    for i, (x, h, w) in enumerate([(80, 560, 260), (300, 640, 300), (520, 520, 260), (680, 430, 220)]):
        karst(d, 820, x, h, w, (135 - i * 5, 148 - i * 5, 145 - i * 5))
    d.polygon([(760, 820), (900, 520), (1100, 420), (1350, 470), (1600, 380), (1600, 820)], fill=GREEN_MID)
    d.rectangle([0, 780, W, H], fill=(120, 165, 100))
    pts = [(760, 780), (820, 860), (740, 950), (860, 1067), (980, 1067), (880, 950), (950, 860), (880, 780)]
    d.polygon(pts, fill=(90, 150, 175))                                     # the river
    d.polygon([(960, 780), (1010, 780), (1300, 1067), (1180, 1067)], fill=(150, 148, 140))   # the road


def scene_mau_son(d, rnd):
    sky(d, (110, 160, 215), (205, 225, 245), 650)
    ridge(d, 420, 120, (60, 95, 80), 8, waves=4)
    ridge(d, 520, 90, (45, 80, 65), 9, waves=4)
    for i in range(9):                                                      # the sea of clouds
        cloud(d, 100 + i * 190 + rnd.uniform(-30, 30), 640 + rnd.uniform(-25, 25), 95)
    d.rectangle([0, 680, W, H], fill=(255, 255, 255))
    for i in range(7):
        cloud(d, 60 + i * 250, 760 + rnd.uniform(-20, 20), 80, (245, 247, 250))
    blossom_branch(d, -20, 1040, rnd)


def scene_huu_nghi(d, rnd):
    sky(d, (150, 195, 232), (235, 240, 244), 700)
    ridge(d, 600, 50, GREEN_FAR, 10)
    d.polygon([(560, 1067), (1040, 1067), (860, 640), (740, 640)], fill=(150, 150, 150))     # the road
    d.line([(800, 1067), (800, 640)], fill=(240, 240, 240), width=6)
    d.rectangle([520, 420, 1080, 660], fill=(175, 160, 130))               # the gate wall
    d.rectangle([720, 500, 880, 660], fill=(60, 55, 50))
    d.ellipse([720, 440, 880, 560], fill=(60, 55, 50))
    d.rectangle([620, 300, 980, 420], fill=(200, 70, 55))
    roof(d, 800, 300, 460, 60, (70, 80, 70))
    roof(d, 800, 220, 300, 50, (70, 80, 70))
    d.rectangle([690, 230, 910, 290], fill=(200, 70, 55))
    d.rectangle([0, 660, 560, H], fill=(120, 160, 100))
    d.rectangle([1040, 660, W, H], fill=(120, 160, 100))
    d.rectangle([1120, 800, 1200, 960], fill=(245, 245, 240))              # the km-0 marker
    d.rectangle([1120, 800, 1200, 840], fill=(200, 40, 40))
    d.ellipse([1140, 865, 1180, 925], outline=(30, 30, 30), width=8)


def scene_tan_thanh(d, rnd):
    sky(d, (160, 200, 232), (238, 242, 244), 620)
    ridge(d, 520, 60, GREEN_FAR, 11)
    d.rectangle([1100, 420, 1500, 600], fill=(225, 222, 210))              # control building
    d.rectangle([1080, 400, 1520, 425], fill=(160, 60, 50))
    for c in range(6):
        d.rectangle([1130 + c * 62, 460, 1170 + c * 62, 520], fill=(110, 140, 165))
    d.rectangle([0, 600, W, H], fill=(175, 172, 165))
    for i in range(6):                                                     # kiosks
        x = 40 + i * 175
        d.rectangle([x, 640, x + 160, 800], fill=(230, 225, 210))
        d.polygon([(x - 10, 650), (x + 170, 650), (x + 150, 610), (x + 10, 610)], fill=(60, 140, 110))
        d.rectangle([x + 40, 700, x + 120, 800], fill=(120, 90, 60))
    for i in range(4):
        truck(d, 200 + i * 330, 1000, 230, [(50, 90, 160), (200, 70, 50), (60, 130, 80), (220, 180, 50)][i])


def scene_bac_son(d, rnd):
    sky(d, (150, 195, 232), (236, 240, 238), 600)
    for x, h, w in [(120, 380, 260), (380, 460, 300), (700, 330, 240), (980, 420, 280), (1260, 360, 260), (1500, 440, 240)]:
        karst(d, 600, x, h, w, (110, 140, 120))
    d.rectangle([360, 125, 400, 160], fill=(160, 60, 45))                   # viewpoint on the peak
    roof(d, 380, 130, 80, 20, (120, 50, 40))
    d.rectangle([0, 600, W, H], fill=(215, 180, 60))
    for i in range(9):                                                     # fields in bands
        y = 620 + i * 50
        c = (225, 190, 70) if i % 2 else (170, 175, 70)
        d.polygon([(0, y), (W, y - 30), (W, y + 20), (0, y + 45)], fill=c)
    for i in range(7):                                                     # stilt houses
        stilt_house(d, 130 + i * 210 + rnd.uniform(-20, 20), 700 + (i % 2) * 30, 130)


def scene_khoi_nghia(d, rnd):
    sky(d, (155, 198, 232), (236, 240, 244), 650)
    ridge(d, 520, 60, (120, 150, 125), 12)
    d.rectangle([700, 440, 1450, 700], fill=(236, 228, 205))               # museum
    roof(d, 1075, 440, 820, 70, (140, 60, 45), lift=0.2)
    for c in range(8):
        d.rectangle([740 + c * 88, 520, 790 + c * 88, 640], fill=(120, 100, 80))
    d.rectangle([0, 700, W, H], fill=(195, 195, 188))
    d.rectangle([300, 760, 520, 840], fill=(150, 150, 145))                # the monument
    d.rectangle([360, 520, 460, 760], fill=(185, 185, 180))
    d.polygon([(350, 520), (470, 520), (440, 470), (380, 470)], fill=(185, 185, 180))
    d.polygon([(410, 470), (375, 400), (410, 330), (445, 400)], fill=(215, 80, 45))
    d.line([(160, 840), (160, 300)], fill=(140, 140, 140), width=10)        # flagpole
    d.rectangle([165, 300, 300, 385], fill=(200, 40, 40))


def scene_dong_dang(d, rnd):
    sky(d, (150, 170, 190), (215, 222, 228), 700)
    for i in range(6):
        cloud(d, 120 + i * 280, 120 + (i % 2) * 60, 70, (235, 238, 240))
    ridge(d, 820, 30, (120, 160, 100), 13)
    d.ellipse([100, 460, 1500, 1500], fill=(100, 145, 90))                 # the hill
    for x, w in [(520, 260), (860, 300)]:                                   # bunkers
        d.rectangle([x, 420, x + w, 560], fill=(140, 140, 135))
        d.rectangle([x - 10, 405, x + w + 10, 430], fill=(120, 120, 116))
        for k in range(4):
            d.rectangle([x + 25 + k * (w - 60) / 3, 470, x + 55 + k * (w - 60) / 3, 485], fill=(35, 35, 35))
    d.ellipse([640, 300, 800, 440], fill=(140, 140, 135))                  # dome
    steps(d, 780, 570, 700, 1060, 24, (200, 198, 190), 90)
    tree(d, 250, 900, 220, (55, 100, 60))
    tree(d, 1350, 880, 260, (55, 100, 60))


SCENES = {
    "dong-tam-thanh": scene_tam_thanh,
    "dong-nhi-thanh": scene_nhi_thanh,
    "thanh-nha-mac": scene_thanh_mac,
    "chua-tien-gieng-tien": scene_chua_tien,
    "den-ky-cung": scene_ky_cung,
    "den-bac-le": scene_bac_le,
    "cho-dong-kinh": scene_dong_kinh,
    "cho-ky-lua": scene_ky_lua,
    "ai-chi-lang": scene_chi_lang,
    "mau-son": scene_mau_son,
    "cua-khau-huu-nghi": scene_huu_nghi,
    "cua-khau-tan-thanh": scene_tan_thanh,
    "thung-lung-bac-son": scene_bac_son,
    "di-tich-khoi-nghia-bac-son": scene_khoi_nghia,
    "phao-dai-dong-dang": scene_dong_dang,
}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "content", "diem-den")
    for slug, draw in SCENES.items():
        folder = os.path.join(root, slug)
        if not os.path.isdir(folder):
            continue
        img = Image.new("RGB", (W, H), (255, 255, 255))
        draw(ImageDraw.Draw(img), random.Random(slug))
        img = img.filter(ImageFilter.SMOOTH)
        out = os.path.join(folder, "minh-hoa.jpg")
        img.save(out, "JPEG", quality=72, optimize=True, progressive=True)
        print(f"{out}: {os.path.getsize(out) // 1024} KB")


if __name__ == "__main__":
    main()
