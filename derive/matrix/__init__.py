"""Matrix calculus by differentials: forms in matrix notation, their rules, checks and printing.

Each step is checked numerically on random instances of several sizes (finite differences) and symbolically by a trace normal form."""
