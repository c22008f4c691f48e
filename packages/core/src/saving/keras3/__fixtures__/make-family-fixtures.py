"""Makes the layer-family `.keras` fixtures of keras-ts's tests (one small model per family, and seed models).

Made with Keras 3.15.1 on the JAX backend. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-family-fixtures.py [name …]

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


def seed004_headline(rng):
    # Seed 004's multi-input, multi-output headline model, smaller, compiled with per-output losses
    # and loss weights by name (Keras 3 refuses one loss for two outputs with two weights).
    main = keras.Input(shape=(10,), dtype="int32", name="main_input")
    x = L.LSTM(8)(L.Embedding(input_dim=50, output_dim=6)(main))
    aux_output = L.Dense(1, activation="sigmoid", name="aux_output")(x)
    aux = keras.Input(shape=(5,), name="aux_input")
    x = L.concatenate([x, aux])
    x = L.Dense(8, activation="relu")(x)
    main_output = L.Dense(1, activation="sigmoid", name="main_output")(x)
    model = keras.Model(inputs=[main, aux], outputs=[main_output, aux_output], name="headline")
    model.compile(
        optimizer="rmsprop",
        loss={"main_output": "binary_crossentropy", "aux_output": "binary_crossentropy"},
        loss_weights={"main_output": 1.0, "aux_output": 0.2},
    )
    return model, [rng.randint(1, 50, size=(2, 10)).astype("int32"), rng.normal(size=(2, 5))]


def seed004_stacked_lstm(rng):
    # Seed 004's stacked LSTM for sequence classification, smaller.
    model = keras.Sequential(
        [keras.Input(shape=(6, 4)), L.LSTM(8, return_sequences=True), L.LSTM(8, return_sequences=True), L.LSTM(8), L.Dense(3, activation="softmax")],
        name="stacked_lstm",
    )
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    return model, [rng.normal(size=(2, 6, 4))]


def seed004_shared_lstm(rng):
    # Seed 004's shared layer: one LSTM encoding two inputs.
    tweet_a = keras.Input(shape=(7, 6), name="tweet_a")
    tweet_b = keras.Input(shape=(7, 6), name="tweet_b")
    shared = L.LSTM(5)
    merged = L.concatenate([shared(tweet_a), shared(tweet_b)], axis=-1)
    model = keras.Model([tweet_a, tweet_b], L.Dense(1, activation="sigmoid")(merged), name="shared_lstm")
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
    return model, [rng.normal(size=(2, 7, 6)), rng.normal(size=(2, 7, 6))]


def seed001_flatten(rng):
    # Seed 001's multiclass classifier: Flatten then Dense layers, Adam, sparse labels.
    model = keras.Sequential(
        [keras.Input(shape=(6, 6)), L.Flatten(), L.Dense(8, activation="relu"), L.Dense(8, activation="relu"), L.Dense(4, activation="softmax")],
        name="flatten_classifier",
    )
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, [rng.normal(size=(2, 6, 6))]


FAMILIES = [conv1d, conv2d_batchnorm, merges, gru, bidirectional, time_distributed, nested, embedding_lstm]
FAMILIES += [seed004_headline, seed004_stacked_lstm, seed004_shared_lstm, seed001_flatten]


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    os.makedirs(HERE, exist_ok=True)
    only = set(sys.argv[1:])  # names to remake; all when none are given
    for make in FAMILIES:
        if only and make.__name__ not in only:
            continue
        keras.utils.set_random_seed(21)
        rng = np.random.RandomState(21)
        model, inputs = make(rng)
        inputs = [x if x.dtype == np.int32 else x.astype("float32") for x in inputs]
        prediction = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        outputs = [np.asarray(y) for y in (prediction if isinstance(prediction, list) else [prediction])]
        model.save(os.path.join(HERE, f"{make.__name__}.keras"))
        with open(os.path.join(HERE, f"{make.__name__}.json"), "w") as f:
            json.dump(
                {
                    "keras_version": keras.__version__,
                    "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.flatten().tolist()} for x in inputs],
                    "prediction": {"shape": list(outputs[0].shape), "values": outputs[0].flatten().tolist()},
                    "outputs": [{"shape": list(y.shape), "values": y.flatten().tolist()} for y in outputs],
                },
                f,
            )


if __name__ == "__main__":
    main()
