# The Computer Language Benchmarks Game spectral norm, with plain lists.
# Prints round(norm * 1e9).
from math import sqrt

N = 700


# Entry (i, j) of the infinite matrix A (0-based).
def eval_a(i, j):
    return 1 / ((i + j) * (i + j + 1) / 2 + i + 1)


# out = A * u
def mul_av(n, u, out):
    for i in range(n):
        s = 0
        for j in range(n):
            s += eval_a(i, j) * u[j]
        out[i] = s


# out = A^T * u
def mul_atv(n, u, out):
    for i in range(n):
        s = 0
        for j in range(n):
            s += eval_a(j, i) * u[j]
        out[i] = s


# out = A^T * A * u, using tmp as scratch
def mul_atav(n, u, out, tmp):
    mul_av(n, u, tmp)
    mul_atv(n, tmp, out)


def main():
    u = []
    v = []
    tmp = []
    for i in range(N):
        u.append(1)
        v.append(0)
        tmp.append(0)
    for k in range(10):
        mul_atav(N, u, v, tmp)
        mul_atav(N, v, u, tmp)
    vbv = 0
    vv = 0
    for i in range(N):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print(round(sqrt(vbv / vv) * 1000000000))


main()
