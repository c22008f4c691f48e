"""Makes the Keras 3 fixtures of keras-ts's `.keras` / `.weights.h5` tests.

Made with Keras 3.15.1 on the JAX backend (jax 0.10.2). Run from the repository root:

    python3 -m venv .venv-keras
    .venv-keras/bin/pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 h5py
    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-keras-fixtures.py

For each model it writes `<name>.keras`, `<name>.weights.h5` and `<name>.json` (fixed inputs and
Keras's predictions on them) beside this script, and prints the HDF5 layout of the weights file.
The models are small and seeded, so the files stay a few KB.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def mlp():
    # Seed 002's MLP, smaller: Dense/Dropout/Dense/Dropout/Dense, softmax output.
    model = keras.Sequential(
        [
            keras.Input(shape=(12,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(4, activation="softmax"),
        ],
        name="mlp",
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    x = np.random.RandomState(1).normal(size=(3, 12)).astype("float32")
    return model, [x]


def two_inputs():
    # Seed 003's question answering model, smaller: Embedding + LSTM per input, concatenate, Dense.
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_text = keras.layers.LSTM(8)(keras.layers.Embedding(50, 6)(text))
    encoded_question = keras.layers.GRU(5)(keras.layers.Embedding(40, 4)(question))
    merged = keras.layers.concatenate([encoded_text, encoded_question], axis=-1)
    answer = keras.layers.Dense(7, activation="softmax")(merged)
    model = keras.Model([text, question], answer, name="two_inputs")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.RandomState(2)
    return model, [rng.randint(0, 50, size=(3, 9)).astype("int32"), rng.randint(0, 40, size=(3, 5)).astype("int32")]


def conv1d():
    # Conv1D / MaxPooling1D / GlobalMaxPooling1D over embedded tokens, with a SimpleRNN branch added in.
    tokens = keras.Input(shape=(20,), dtype="int32", name="tokens")
    embedded = keras.layers.Embedding(30, 8)(tokens)
    x = keras.layers.Conv1D(6, 3, activation="relu")(embedded)
    x = keras.layers.MaxPooling1D(2)(x)
    x = keras.layers.Conv1D(6, 3, activation="relu", padding="same")(x)
    pooled = keras.layers.GlobalMaxPooling1D()(x)
    recurrent = keras.layers.SimpleRNN(6)(embedded)
    x = keras.layers.add([pooled, recurrent])
    x = keras.layers.Activation("tanh")(x)
    out = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(tokens, out, name="conv1d")
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    return model, [np.random.RandomState(3).randint(0, 30, size=(3, 20)).astype("int32")]


def conv2d():
    # Conv2D / MaxPooling2D / AveragePooling2D / Flatten / Dense, uncompiled.
    model = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 2)),
            keras.layers.Conv2D(4, (3, 3), activation="relu", padding="same"),
            keras.layers.MaxPooling2D((2, 2)),
            keras.layers.Conv2D(3, (2, 2)),
            keras.layers.AveragePooling2D((3, 3)),
            keras.layers.Flatten(),
            keras.layers.Dense(2),
        ],
        name="conv2d",
    )
    return model, [np.random.RandomState(4).normal(size=(2, 8, 8, 2)).astype("float32")]


def layout(path):
    lines = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            lines.append(f"  {name}: {obj.shape} {obj.dtype}")
        else:
            lines.append(f"  {name}/ attrs={dict(obj.attrs)}")

    with h5py.File(path, "r") as f:
        lines.append(f"  / attrs={dict(f.attrs)}")
        f.visititems(visit)
    return "\n".join(lines)


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    for name, make in [("mlp", mlp), ("two_inputs", two_inputs), ("conv1d", conv1d), ("conv2d", conv2d)]:
        keras.utils.set_random_seed(42)
        model, inputs = make()
        prediction = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        model.save(os.path.join(HERE, f"{name}.keras"))
        model.save_weights(os.path.join(HERE, f"{name}.weights.h5"))
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(
                {
                    "keras_version": keras.__version__,
                    "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.flatten().tolist()} for x in inputs],
                    "prediction": {"shape": list(prediction.shape), "values": prediction.flatten().tolist()},
                },
                f,
            )
        print(f"{name}.weights.h5:\n{layout(os.path.join(HERE, f'{name}.weights.h5'))}")


if __name__ == "__main__":
    main()
