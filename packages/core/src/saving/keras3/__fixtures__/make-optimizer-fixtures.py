"""Makes the optimizer-state fixtures of keras-ts's `.keras` tests.

Made with Keras 3.15.1 on the JAX backend. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-optimizer-fixtures.py

For each optimizer Keras has and keras-ts implements, a small Dense/BatchNormalization/Dense model
is compiled, trained 2 steps on fixed batches with `train_on_batch` and saved to
`optimizers/<name>.keras` (with its optimizer variables under `optimizer/vars` of
model.weights.h5). `optimizers/<name>.json` holds the 4 batches and every layer's weights after
Keras trained all 4 steps in one go: a reader that restores the optimizer state and trains steps
3 and 4 must reach them. The script also checks that Keras itself, loading its own file, does.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizers")

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    "adam": lambda: keras.optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(0.01, weight_decay=0.01),
    "adagrad": lambda: keras.optimizers.Adagrad(0.1),
    "adadelta": lambda: keras.optimizers.Adadelta(1.0),
    "adamax": lambda: keras.optimizers.Adamax(0.01),
    "nadam": lambda: keras.optimizers.Nadam(0.01),
    "ftrl": lambda: keras.optimizers.Ftrl(0.1, l1_regularization_strength=0.001, l2_regularization_strength=0.01),
    "lion": lambda: keras.optimizers.Lion(0.001),
}


def make(optimizer):
    keras.utils.set_random_seed(7)
    model = keras.Sequential(
        [
            keras.Input(shape=(5,)),
            keras.layers.Dense(4, activation="tanh"),
            keras.layers.BatchNormalization(),
            keras.layers.Dense(3),
        ],
        name="optimizer_state",
    )
    model.compile(optimizer=optimizer, loss="mse")
    return model


def batches():
    rng = np.random.RandomState(11)
    return [(rng.normal(size=(6, 5)).astype("float32"), rng.normal(size=(6, 3)).astype("float32")) for _ in range(4)]


def layer_weights(model):
    return [[{"shape": list(w.shape), "values": np.asarray(w).flatten().tolist()} for w in layer.get_weights()] for layer in model.layers]


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    os.makedirs(HERE, exist_ok=True)
    data = batches()
    for name, optimizer in OPTIMIZERS.items():
        straight = make(optimizer())
        for x, y in data:
            straight.train_on_batch(x, y)
        saved = make(optimizer())
        for x, y in data[:2]:
            saved.train_on_batch(x, y)
        path = os.path.join(HERE, f"{name}.keras")
        saved.save(path)
        resumed = keras.saving.load_model(path)
        for x, y in data[2:]:
            resumed.train_on_batch(x, y)
        for a, b in zip(resumed.get_weights(), straight.get_weights()):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(
                {
                    "keras_version": keras.__version__,
                    "batches": [{"x": x.flatten().tolist(), "y": y.flatten().tolist(), "x_shape": list(x.shape), "y_shape": list(y.shape)} for x, y in data],
                    "optimizer_variables": [v.path for v in saved.optimizer.variables],
                    "weights_after_4_steps": layer_weights(straight),
                },
                f,
            )
        print(f"{name}: {len(saved.optimizer.variables)} optimizer variables", file=sys.stderr)


if __name__ == "__main__":
    main()
