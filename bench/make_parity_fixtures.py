"""Generate the scikit-learn parity fixtures for gmmseg's EM (core/src/test/resources/parity/*.json).

How to run (Debian's packages, not PyPI; use the system Python, not a pyenv/venv one):

    apt-get update && apt-get install -y python3-sklearn      # scikit-learn 1.2.1 on Debian 12
    /usr/bin/python3 bench/make_parity_fixtures.py             # from the repository root; writes the fixtures
    /usr/bin/python3 bench/make_parity_fixtures.py --check     # only reload and verify the existing fixtures

Options: --out DIR (default core/src/test/resources/parity next to this script's repo root),
--gen-mixture PATH (shared bench/gen_mixture.py; if it exists its output is compared with the
in-process data, bit for bit).

What each fixture holds (one per covariance type full/diag/tied/spherical, D=3, K=3, N=1500,
seed 7; plus full_d2_k4.json, D=2, K=4, N=1200, seed 11):

- data: the samples, made with the logic of bench/gen_mixture.py (numpy default_rng(seed)).
- init: a genuinely non-converged model: GaussianMixture(K, covariance_type=type, max_iter=1,
  init_params='random', random_state=3).fit(data) (ConvergenceWarning ignored); its weights_,
  means_ and covariances_ (sklearn's array shapes: full K x D x D, tied D x D, diag K x D,
  spherical K), in gmmseg's model-file keys.
  Except tied: there the random start sits next to a saddle (every mean near the data mean, the
  tied covariance near the data covariance, responsibilities near 1/K) and barely moves in 15
  iterations. Its init is instead GaussianMixture(K, 'tied', max_iter=1, weights_init=1/K,
  means_init=K distinct data rows drawn by numpy default_rng(3), precisions_init=inv(data
  covariance)).fit(data): separated means, each more than 0.1 from where the 15 iterations end.
- initScoreSamples / initResponsibilities: score_samples (log p(x_n), all N) and predict_proba
  (first 50 rows) of the init model, evaluated with precisions_cholesky_ computed from the
  init covariances.
- expected: the warm-started reference fit, exactly as bench/sklearn_fit.py --init-model does it:
  GaussianMixture(K, covariance_type, max_iter=15, tol=0.0, reg_covar=1e-6, random_state=0,
  weights_init, means_init, precisions_init = inv(cov) (full/tied) or 1/cov (diag/spherical),
  init_params='random'). logLikelihood = score(X) (mean log p(x_n) under the FITTED model);
  lowerBound = lower_bound_ (sklearn: mean log-likelihood from the last E-step, i.e. under the
  parameters BEFORE the last M-step); iterations = n_iter_; bic/aic; labels = predict(X).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture
from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky

REG_COVAR = 1e-6
MAX_ITER = 15
TOL = 0.0
N_RESP_ROWS = 50
# fixtures whose init starts from K data rows instead of init_params='random' (see the docstring)
DATA_ROW_START = {"tied"}

# name, covariance type, N, D, K, seed
FIXTURES = [(t, t, 1500, 3, 3, 7) for t in ("full", "diag", "tied", "spherical")] + [
    ("full_d2_k4", "full", 1200, 2, 4, 11)]


def gen_mixture(n, d, k, seed):
    """Same as bench/gen_mixture.py (numpy default_rng)."""
    rng = np.random.default_rng(seed)
    means = rng.uniform(0, 1, (k, d))
    labels = rng.integers(0, k, n)
    x = np.empty((n, d))
    for j in range(k):
        a = rng.normal(0, 0.06, (d, d))
        cov = a @ a.T + 1e-3 * np.eye(d)
        idx = labels == j
        x[idx] = rng.multivariate_normal(means[j], cov, idx.sum())
    return x


def check_against_shared(x, n, d, k, seed, script):
    if not script or not os.path.exists(script):
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "t.npy")
        subprocess.run([sys.executable, script, str(n), str(d), str(k), str(seed), out], check=True)
        if not np.array_equal(np.load(out), x):
            raise SystemExit(f"data differs from {script} output (N={n} D={d} K={k} seed={seed})")


def precisions_init(cov, cov_type):
    """As bench/sklearn_fit.py --init-model."""
    cov = np.asarray(cov, dtype=float)
    return np.linalg.inv(cov) if cov_type in ("full", "tied") else 1.0 / cov


def warm_fit(x, k, cov_type, weights, means, covs, max_iter=MAX_ITER):
    g = GaussianMixture(k, covariance_type=cov_type, max_iter=max_iter, tol=TOL, reg_covar=REG_COVAR,
                        random_state=0, weights_init=np.asarray(weights, dtype=float),
                        means_init=np.asarray(means, dtype=float),
                        precisions_init=precisions_init(covs, cov_type), init_params="random")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g.fit(x)
    return g


def model_from_params(k, cov_type, weights, means, covs, d):
    """A GaussianMixture with the given parameters set directly (no fitting)."""
    g = GaussianMixture(k, covariance_type=cov_type, reg_covar=REG_COVAR)
    g.weights_ = np.asarray(weights, dtype=float)
    g.means_ = np.asarray(means, dtype=float)
    g.covariances_ = np.asarray(covs, dtype=float)
    g.precisions_cholesky_ = _compute_precision_cholesky(g.covariances_, cov_type)
    g.n_features_in_ = d
    return g


def make(name, cov_type, n, d, k, seed, shared_script):
    x = gen_mixture(n, d, k, seed)
    check_against_shared(x, n, d, k, seed, shared_script)

    if name in DATA_ROW_START:
        rows = x[np.random.default_rng(3).choice(n, k, replace=False)]
        init = GaussianMixture(k, covariance_type=cov_type, max_iter=1, random_state=3,
                               weights_init=np.full(k, 1.0 / k), means_init=rows,
                               precisions_init=precisions_init(np.cov(x, rowvar=False), cov_type))
    else:
        init = GaussianMixture(k, covariance_type=cov_type, max_iter=1, init_params="random", random_state=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        init.fit(x)
    iw, im, ic = init.weights_.copy(), init.means_.copy(), init.covariances_.copy()

    gi = model_from_params(k, cov_type, iw, im, ic, d)
    g = warm_fit(x, k, cov_type, iw, im, ic)
    return {
        "producer": "scikit-learn " + sklearn.__version__,
        "covarianceType": cov_type, "regCovar": REG_COVAR, "maxIter": MAX_ITER, "tol": TOL,
        "data": x.tolist(),
        "init": {"format": "gmmseg-model", "formatVersion": 1, "covarianceType": cov_type,
                 "weights": iw.tolist(), "means": im.tolist(), "covariances": ic.tolist()},
        "initScoreSamples": gi.score_samples(x).tolist(),
        "initResponsibilities": gi.predict_proba(x[:N_RESP_ROWS]).tolist(),
        "expected": {"weights": g.weights_.tolist(), "means": g.means_.tolist(),
                     "covariances": g.covariances_.tolist(),
                     "logLikelihood": float(g.score(x)), "lowerBound": float(g.lower_bound_),
                     "iterations": int(g.n_iter_), "bic": float(g.bic(x)), "aic": float(g.aic(x)),
                     "labels": [int(v) for v in g.predict(x)]},
    }


def dump(obj, path):
    """JSON with one top-level key (and one data row) per line; floats use Python's repr (round-trip exact)."""
    c = lambda v: json.dumps(v, separators=(",", ":"))
    lines = []
    for key, v in obj.items():
        if key == "data":
            lines.append(' "data": [\n  ' + ",\n  ".join(c(r) for r in v) + "\n ]")
        elif isinstance(v, dict):
            lines.append(f" {c(key)}: {{\n" + ",\n".join(f"  {c(a)}: {c(b)}" for a, b in v.items()) + "\n }")
        else:
            lines.append(f" {c(key)}: {c(v)}")
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def close(a, b, rtol=1e-9, atol=1e-12):
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol)


def check(path):
    """Reload a fixture and verify a fresh warm-started sklearn fit reproduces it."""
    fx = json.load(open(path))
    x = np.asarray(fx["data"], dtype=float)
    n, d = x.shape
    ini, exp, t = fx["init"], fx["expected"], fx["covarianceType"]
    k = len(ini["weights"])
    g = warm_fit(x, k, t, ini["weights"], ini["means"], ini["covariances"], fx["maxIter"])
    gi = model_from_params(k, t, ini["weights"], ini["means"], ini["covariances"], d)
    ok = {
        "weights": close(g.weights_, exp["weights"]), "means": close(g.means_, exp["means"]),
        "covariances": close(g.covariances_, exp["covariances"]),
        "logLikelihood": close(g.score(x), exp["logLikelihood"]),
        "lowerBound": close(g.lower_bound_, exp["lowerBound"]),
        "iterations": g.n_iter_ == exp["iterations"],
        "bic": close(g.bic(x), exp["bic"]), "aic": close(g.aic(x), exp["aic"]),
        "labels": np.array_equal(g.predict(x), exp["labels"]),
        "initScoreSamples": close(gi.score_samples(x), fx["initScoreSamples"]),
        "initResponsibilities": close(gi.predict_proba(x[:N_RESP_ROWS]), fx["initResponsibilities"]),
    }
    # per-iteration trajectory: mean log-likelihood under the parameters after i M-steps
    traj = [float(warm_fit(x, k, t, ini["weights"], ini["means"], ini["covariances"], i).score(x))
            for i in range(1, fx["maxIter"] + 1)]
    bad = [key for key, v in ok.items() if not v]
    print(f"{os.path.basename(path)}: N={n} D={d} K={k} type={t} iterations={g.n_iter_} converged={g.converged_} "
          f"init_mean_loglik={np.mean(fx['initScoreSamples']):.10f} mean_loglik={exp['logLikelihood']:.10f} "
          f"lower_bound={exp['lowerBound']:.10f} size={os.path.getsize(path)} B  "
          + ("OK" if not bad else "MISMATCH " + ",".join(bad)))
    print("  per-iteration mean loglik: " + " ".join(f"{i}:{v:.8f}" for i, v in enumerate(traj, 1)))
    mono = all(b >= a - 1e-12 for a, b in zip(traj, traj[1:]))
    if not mono:
        print("  WARNING: log-likelihood not monotone")
    return not bad


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=os.path.join(root, "core", "src", "test", "resources", "parity"))
    p.add_argument("--gen-mixture", default="/work/shared/bench/gen_mixture.py")
    p.add_argument("--check", action="store_true", help="only verify existing fixtures")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    paths = []
    for name, t, n, d, k, seed in FIXTURES:
        path = os.path.join(a.out, name + ".json")
        if not a.check:
            dump(make(name, t, n, d, k, seed, a.gen_mixture), path)
        paths.append(path)
    print("scikit-learn", sklearn.__version__, "numpy", np.__version__)
    results = [check(p_) for p_ in paths]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
