"""``derive export-code``: a derived gradient as code; the generated NumPy code agrees with
finite differences and with autodiff (jax or torch, skipped when neither is installed)."""
import importlib.util
import subprocess
import sys

import numpy as np
import pytest

from derive.cli import main


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def softmax_instance(rng, n=5, d=3, k=4):
    Y = np.zeros((n, k))
    Y[np.arange(n), rng.integers(0, k, size=n)] = 1.0
    return {"X": rng.standard_normal((n, d)), "W": rng.standard_normal((d, k)), "Y": Y}


def test_softmax_regression_numpy_code_matches_autodiff(tmp_path, capsys):
    assert main(["export-code", "softmax-regression-matrix", "--to", "numpy", "--out", str(tmp_path)]) == 0
    mod = load(tmp_path / "softmax_regression_matrix.py")
    rng = np.random.default_rng(3)
    x = softmax_instance(rng)
    g = mod.gradient(**x, xp=np)
    Z = x["X"] @ x["W"]
    P = np.exp(Z - Z.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    assert np.allclose(g, x["X"].T @ (P - x["Y"]), atol=1e-12)   # X^T (P - Y), computed here by hand
    try:
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        auto = np.asarray(jax.grad(lambda W: mod.value(X=x["X"], W=W, Y=x["Y"], xp=jnp))(jnp.asarray(x["W"])))
    except ImportError:
        torch = pytest.importorskip("torch")
        W = torch.tensor(x["W"], requires_grad=True, dtype=torch.float64)
        mod.value(X=torch.tensor(x["X"]), W=W, Y=torch.tensor(x["Y"]), xp=torch).backward()
        auto = W.grad.numpy()
    assert np.max(np.abs(auto - g)) <= 1e-10


def test_a_wrong_gradient_fails_the_generated_test(tmp_path):
    assert main(["export-code", "--expr", r"\|\mathbf X \mathbf w - \mathbf y\|^2", "--wrt", "w",
                 "--out", str(tmp_path), "--name", "ls"]) == 0
    src = (tmp_path / "ls.py").read_text()
    assert "def gradient(" in src and "def value(" in src
    ok = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout[-500:]
    broken = src.replace("return (2.0 * (X.T @", "return (3.0 * (X.T @")
    assert broken != src
    (tmp_path / "ls.py").write_text(broken)
    bad = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                          str(tmp_path / "test_ls.py") + "::test_gradient_matches_finite_differences"],
                         capture_output=True, text=True)
    assert bad.returncode == 1


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_other_backends_run_where_installed(tmp_path, backend):
    pytest.importorskip(backend)
    assert main(["export-code", "gaussian-mle-matrix", "--to", backend, "--out", str(tmp_path)]) == 0
    mod = load(tmp_path / "gaussian_mle_matrix.py")
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    S, Sig = a @ a.T + np.eye(3), b @ b.T + np.eye(3)
    if backend == "jax":
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as xp
        args = dict(S=xp.asarray(S), Sigma=xp.asarray(Sig), N=5.0)
    else:
        import torch as xp
        args = dict(S=xp.tensor(S), Sigma=xp.tensor(Sig), N=5.0)
    g = np.asarray(mod.gradient(**args))
    inv = np.linalg.inv(Sig)
    assert np.allclose(g, 2.5 * (inv @ S @ inv - inv))


def test_usage_errors(capsys):
    assert main(["export-code"]) == 2
    assert main(["export-code", "sigmoid-derivative"]) == 2
    assert main(["export-code", "--expr", r"\|\mathbf w\|^2"]) == 2
    err = capsys.readouterr().err
    assert err.count("derive: error:") == 3
