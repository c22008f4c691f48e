"""The Keras 3 process of `pnpm bench --vs keras3`: the twin of keras-ts-worker.ts.

For each workload of the request (a WorkerRequest as JSON, see workloads.ts) it builds the same
model as keras-ts-models.ts, runs a warm-up `fit` on the same shapes (JAX traces and compiles the
step there), then times one whole `fit` over the timed steps, and prints one JSON line per
workload. Run with KERAS_BACKEND=jax (compare.ts sets it unless the environment names another).
"""
import json
import os
import sys
import time

import numpy as np

import keras
from keras import layers


def build(workload, samples, rng):
    """The compiled model and synthetic data of `workload` (as keras-ts-models.ts builds them)."""
    model_name = workload["model"]
    uniform = lambda *shape, low=0.0, high=1.0: rng.uniform(low, high, size=shape).astype("float32")
    integers = lambda *shape, low=0, high: rng.integers(low, high, size=shape).astype("int32")
    one_hot = lambda classes: np.eye(classes, dtype="float32")[integers(samples, high=classes)]
    if model_name == "mlp-dropout":
        model = keras.Sequential([
            keras.Input(shape=(784,)),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.RMSprop(), loss="categorical_crossentropy", metrics=["accuracy"])
        return model, uniform(samples, 784), one_hot(10)
    if model_name == "mlp-tanh":
        # Seed 002's decay=1e-7 is ignored by Keras 3's SGD (with a warning): left out on both sides.
        model = keras.Sequential([
            keras.Input(shape=(784,)),
            layers.Dense(50, activation="tanh"),
            layers.Dense(50, activation="tanh"),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.001, momentum=0.9), loss="categorical_crossentropy")
        return model, uniform(samples, 784, low=-1.0), one_hot(10)
    if model_name == "fashion":
        model = keras.Sequential([
            keras.Input(shape=(28, 28)),
            layers.Flatten(),
            layers.Dense(4, activation="relu"),
            layers.Dense(4, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model, uniform(samples, 28, 28), integers(samples, high=10)
    if model_name == "stacked-lstm":
        timesteps = workload.get("timesteps", 8)
        model = keras.Sequential([
            keras.Input(shape=(timesteps, 16)),
            layers.LSTM(32, return_sequences=True),
            layers.LSTM(32, return_sequences=True),
            layers.LSTM(32),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
        return model, uniform(samples, timesteps, 16), uniform(samples, 10)
    if model_name == "qa":
        text = keras.Input(shape=(None,), dtype="int32", name="text")
        question = keras.Input(shape=(None,), dtype="int32", name="question")
        encoded_text = layers.LSTM(32)(layers.Embedding(10000, 64)(text))
        encoded_question = layers.LSTM(16)(layers.Embedding(10000, 64)(question))
        answer = layers.Dense(500, activation="softmax")(layers.concatenate([encoded_text, encoded_question], axis=-1))
        model = keras.Model([text, question], answer)
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["acc"])
        x = [integers(samples, 100, low=1, high=10000), integers(samples, 100, low=1, high=500)]
        return model, x, integers(samples, 500, high=2).astype("float32")
    if model_name == "convnet":
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer=keras.optimizers.RMSprop(), loss="categorical_crossentropy", metrics=["accuracy"])
        return model, uniform(samples, 28, 28, 1), one_hot(10)
    raise ValueError(f"unknown model {model_name!r}")


def head(data, samples):
    return [array[:samples] for array in data] if isinstance(data, list) else data[:samples]


def wait_for(model):
    """Waits for JAX's asynchronously dispatched last update, as keras-ts-worker.ts reads its last weight."""
    if keras.backend.backend() == "jax":
        import jax

        jax.block_until_ready(model.trainable_variables[-1].value)
    else:
        keras.ops.convert_to_numpy(model.trainable_variables[-1].value)


def main():
    request = json.loads(sys.argv[1])
    print_line = lambda line: print(json.dumps(line), flush=True)
    detail = f"Keras {keras.__version__} on {keras.backend.backend()}"
    if keras.backend.backend() == "jax":
        import jax

        detail += f" {jax.__version__} ({jax.devices()[0].platform}, {os.cpu_count()} CPUs)"
    print_line({"kind": "info", "framework": "Keras 3", "detail": detail})
    for workload in request["workloads"]:
        steps = request.get("steps") or workload["defaultSteps"]
        batch_size = workload["batchSize"]
        try:
            keras.utils.set_random_seed(request["seed"])
            rng = np.random.default_rng(request["seed"])
            warmup = workload["warmup"]
            model, x, y = build(workload, steps * batch_size, rng)  # the warm-up's batches are among the timed ones
            x_warm, y_warm = head(x, warmup["batches"] * batch_size), head(y, warmup["batches"] * batch_size)
            model.fit(x_warm, y_warm, batch_size=batch_size, epochs=warmup["epochs"], verbose=0)
            x_timed, y_timed = head(x, steps * batch_size), head(y, steps * batch_size)
            began = time.perf_counter()
            model.fit(x_timed, y_timed, batch_size=batch_size, epochs=1, verbose=0)
            wait_for(model)
            milliseconds = (time.perf_counter() - began) * 1000
            print_line({"kind": "result", "id": workload["id"], "steps": steps, "msPerStep": milliseconds / steps})
        except Exception as error:  # one failing workload must not lose the others' results
            print_line({"kind": "error", "id": workload["id"], "message": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"})
        keras.backend.clear_session()


if __name__ == "__main__":
    main()
