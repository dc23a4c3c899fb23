"""Shared sizes and symbols for the catalog's matrix-calculus entries (n samples, d features, k classes)."""
import sympy as sp

n, d, k = (sp.Symbol(s, integer=True, positive=True) for s in "ndk")
X = sp.MatrixSymbol("X", n, d)
w = sp.MatrixSymbol("w", d, 1)
y = sp.MatrixSymbol("y", n, 1)
W = sp.MatrixSymbol("W", d, k)
Y = sp.MatrixSymbol("Y", n, k)
Sigma = sp.MatrixSymbol("Sigma", d, d)
S = sp.MatrixSymbol("S", d, d)          # the sample scatter, (1/N) sum (x_i - mu)(x_i - mu)^T
mu = sp.MatrixSymbol("mu", d, 1)
xbar = sp.MatrixSymbol("xbar", d, 1)
lam = sp.Symbol("lambda", positive=True)
ones_n = sp.OneMatrix(1, n)
x = sp.MatrixSymbol("x", d, 1)
b = sp.MatrixSymbol("b", k, 1)
W1 = sp.MatrixSymbol("W1", k, d)      # hidden layer: k units
W2 = sp.MatrixSymbol("W2", n, k)      # output layer: n outputs
delta = sp.MatrixSymbol("delta", k, 1)  # dL/dy arriving from the layers above
Wd = sp.MatrixSymbol("W", k, d)
