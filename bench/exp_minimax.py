#!/usr/bin/env python3
"""The coefficients of the E-step kernels' exp polynomial (core/.../em/EStepKernel.EXP_POLY).

e^r on |r| <= ln(2)/2 (what is left after t = n ln 2 + r) by p(r) = 1 + c1 r + ... + c11 r^11, the
constant fixed at 1 so that exp(0) = 1 exactly and the other eleven chosen by a Remez exchange to
minimise the largest relative error |p(r) - e^r| / e^r, in 60-digit arithmetic. Prints the
coefficients (shortest repr, which Java parses to the same doubles), the minimax error and the
worst error in ulp of the kernels' evaluation: Horner's rule with one fused multiply-add per step,
each rounded to double. Needs Debian's python3-mpmath (scikit-learn's dependency, installed with it).

    /usr/bin/python3 bench/exp_minimax.py
"""
import mpmath as mp

mp.mp.dps = 60
DEGREE = 11
H = mp.log(2) / 2 * (1 + mp.mpf("1e-9"))  # a hair wider than the reduced range


def relative_error(c, r):
    p = 1 + sum(c[j] * r ** (j + 1) for j in range(DEGREE))
    return (p - mp.exp(r)) / mp.exp(r)


def remez():
    # the first reference: DEGREE + 1 Chebyshev points (none at 0, where the error is 0 by
    # construction); then exchange for the error's extrema until it levels out
    reference = [H * mp.cos(mp.pi * (i + mp.mpf(0.5)) / (DEGREE + 1)) for i in range(DEGREE + 1)]
    grid = [-H + 2 * H * i / 4000 for i in range(4001)]
    c = None
    for _ in range(10):
        if c is not None:
            reference = extrema_of(c, grid)
        m = mp.matrix(DEGREE + 1, DEGREE + 1)
        v = mp.matrix(DEGREE + 1, 1)
        for i, x in enumerate(sorted(reference)):
            for j in range(DEGREE):
                m[i, j] = x ** (j + 1)
            m[i, DEGREE] = -((-1) ** i) * mp.exp(x)
            v[i] = mp.exp(x) - 1
        solution = mp.lu_solve(m, v)
        c = [solution[j] for j in range(DEGREE)]
    return c, max(abs(relative_error(c, x)) for x in grid)


def extrema_of(c, grid):
    """DEGREE + 1 points of the grid where the error has alternating local extrema."""
    errors = [relative_error(c, x) for x in grid]
    extrema = []
    for i, e in enumerate(errors):
        left = abs(errors[i - 1]) if i > 0 else -1
        right = abs(errors[i + 1]) if i + 1 < len(errors) else -1
        if abs(e) > 0 and abs(e) >= left and abs(e) >= right:
            if extrema and mp.sign(extrema[-1][1]) == mp.sign(e):
                if abs(e) > abs(extrema[-1][1]):
                    extrema[-1] = (grid[i], e)
            else:
                extrema.append((grid[i], e))
    while len(extrema) > DEGREE + 1:
        extrema.pop(0 if abs(extrema[0][1]) < abs(extrema[-1][1]) else -1)
    return [x for x, _ in extrema]


def worst_ulp(coefficients):
    def fma(a, b, addend):
        return float(mp.mpf(a) * mp.mpf(b) + mp.mpf(addend))

    worst = 0
    for i in range(40001):
        r = float(-H + 2 * H * i / 40000)
        p = coefficients[-1]
        for c in reversed(coefficients[:-1]):
            p = fma(p, r, c)
        p = fma(p, r, 1.0)
        exact = mp.exp(r)
        ulp = mp.mpf(2) ** (mp.floor(mp.log(exact, 2)) - 52)
        worst = max(worst, abs(mp.mpf(p) - exact) / ulp)
    return worst


if __name__ == "__main__":
    c, error = remez()
    doubles = [float(x) for x in c]
    print("EXP_POLY, c%d down to c1:" % DEGREE)
    print(", ".join(repr(x) for x in reversed(doubles)))
    print("minimax relative error %s" % mp.nstr(error, 4))
    print("worst error of the double evaluation %s ulp" % mp.nstr(worst_ulp(doubles), 4))
