# Object-like dispatch: "objects" are dicts holding fields and functions
# (area, grow) that take the object as their first argument: o["area"](o).
import math

N = 12000000


def rect_area(o):
    return o["w"] * o["h"]


def rect_grow(o, k):
    o["w"] = o["w"] % 50 + k
    o["h"] = o["h"] % 40 + k


def square_area(o):
    return o["s"] * o["s"]


def square_grow(o, k):
    o["s"] = o["s"] % 60 + k


def tri_area(o):
    return math.floor(o["b"] * o["h"] / 2)


def tri_grow(o, k):
    o["b"] = o["b"] % 30 + k
    o["h"] = o["h"] % 70 + k


def make_rect(w, h):
    return {"kind": "rect", "w": w, "h": h, "area": rect_area, "grow": rect_grow}


def make_square(s):
    return {"kind": "square", "s": s, "area": square_area, "grow": square_grow}


def make_tri(b, h):
    return {"kind": "tri", "b": b, "h": h, "area": tri_area, "grow": tri_grow}


def main():
    shapes = []
    for i in range(31):
        r = i % 3
        if r == 0:
            shapes.append(make_rect(i + 1, i + 2))
        elif r == 1:
            shapes.append(make_square(i + 3))
        else:
            shapes.append(make_tri(i + 4, i + 5))

    total = 0
    rects = 0
    n = len(shapes)
    for i in range(N):
        o = shapes[i % n]
        total = (total + o["area"](o)) % 1000000007
        if o["kind"] == "rect":
            rects += 1
        if i % 5 == 0:
            o["grow"](o, 1 + i % 3)
    print(total, rects)


main()
