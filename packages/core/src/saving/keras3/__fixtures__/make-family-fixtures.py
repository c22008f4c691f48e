"""Makes the layer-family `.keras` fixtures of keras-ts's tests (one small model per family).

Made with Keras 3.15.1 on the JAX backend. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-family-fixtures.py

Writes families/<name>.keras and families/<name>.json (fixed inputs and Keras's predictions).
Models with BatchNormalization are trained a few steps first, so their moving statistics are not
the initial ones.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "families")
L = keras.layers


def conv1d(rng):
    x = keras.Input(shape=(12, 3))
    y = L.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="relu")(x)
    y = L.MaxPooling1D(2)(y)
    y = L.Conv1D(5, 2, strides=2)(y)
    y = L.GlobalAveragePooling1D()(y)
    return keras.Model(x, L.Dense(2)(y), name="conv1d_family"), [rng.normal(size=(2, 12, 3))]


def conv2d_batchnorm(rng):
    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 3)),
            L.Conv2D(4, 3, padding="same"),
            L.BatchNormalization(),
            L.Activation("relu"),
            L.MaxPooling2D(2),
            L.Conv2D(3, 2, strides=2, use_bias=False),
            L.BatchNormalization(center=False),
            L.AveragePooling2D(2),
            L.Flatten(),
            L.Dense(3),
        ],
        name="conv2d_batchnorm",
    )
    model.compile(optimizer="sgd", loss="mse")
    model.fit(rng.normal(size=(16, 8, 8, 3)), rng.normal(size=(16, 3)), epochs=2, batch_size=8, verbose=0)
    return model, [rng.normal(size=(2, 8, 8, 3))]


def merges(rng):
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    da, db = L.Dense(4)(a), L.Dense(4)(b)
    parts = [L.add([da, db]), L.subtract([da, db]), L.multiply([da, db]), L.average([da, db]), L.maximum([da, db]), L.minimum([da, db])]
    dot = L.dot([da, db], axes=1, normalize=True)
    merged = L.concatenate(parts + [dot])
    return keras.Model([a, b], L.Dense(2)(merged), name="merges"), [rng.normal(size=(3, 4)), rng.normal(size=(3, 4))]


def gru(rng):
    x = keras.Input(shape=(5, 3))
    y = L.GRU(4, return_sequences=True)(x)
    y = L.GRU(3, reset_after=True)(y)
    return keras.Model(x, L.Dense(2)(y), name="gru_family"), [rng.normal(size=(2, 5, 3))]


def bidirectional(rng):
    x = keras.Input(shape=(6, 3))
    y = L.Bidirectional(L.LSTM(4, return_sequences=True))(x)
    y = L.Bidirectional(L.LSTM(3), merge_mode="sum")(y)
    return keras.Model(x, L.Dense(2)(y), name="bidirectional_family"), [rng.normal(size=(2, 6, 3))]


def time_distributed(rng):
    model = keras.Sequential(
        [keras.Input(shape=(4, 3)), L.TimeDistributed(L.Dense(5, activation="tanh")), L.TimeDistributed(L.Dense(2))], name="time_distributed"
    )
    return model, [rng.normal(size=(2, 4, 3))]


def nested(rng):
    inner = keras.Sequential([keras.Input(shape=(5,)), L.Dense(6, activation="relu"), L.Dense(4)], name="inner")
    x = keras.Input(shape=(5,))
    y = inner(x)
    z = L.Dense(4)(x)
    return keras.Model(x, L.Dense(2)(L.concatenate([y, z])), name="nested"), [rng.normal(size=(3, 5))]


def embedding_lstm(rng):
    x = keras.Input(shape=(7,), dtype="int32")
    y = L.Embedding(15, 4, mask_zero=True)(x)
    y = L.LSTM(5)(y)
    tokens = rng.randint(1, 15, size=(3, 7))
    tokens[0, 4:] = 0
    return keras.Model(x, L.Dense(3, activation="softmax")(y), name="embedding_lstm"), [tokens.astype("int32")]


FAMILIES = [conv1d, conv2d_batchnorm, merges, gru, bidirectional, time_distributed, nested, embedding_lstm]


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    os.makedirs(HERE, exist_ok=True)
    for make in FAMILIES:
        keras.utils.set_random_seed(21)
        rng = np.random.RandomState(21)
        model, inputs = make(rng)
        inputs = [x if x.dtype == np.int32 else x.astype("float32") for x in inputs]
        prediction = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        model.save(os.path.join(HERE, f"{make.__name__}.keras"))
        with open(os.path.join(HERE, f"{make.__name__}.json"), "w") as f:
            json.dump(
                {
                    "keras_version": keras.__version__,
                    "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.flatten().tolist()} for x in inputs],
                    "prediction": {"shape": list(prediction.shape), "values": prediction.flatten().tolist()},
                },
                f,
            )


if __name__ == "__main__":
    main()
