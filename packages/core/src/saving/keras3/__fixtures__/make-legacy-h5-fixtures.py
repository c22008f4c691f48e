"""Makes the legacy HDF5 (`.h5`) fixtures of keras-ts's loadModel / loadWeights tests.

Made with Keras 3.15.1 on the JAX backend. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-legacy-h5-fixtures.py

Writes into legacy/:
- `<name>.h5`: `model.save('x.h5')`, Keras 3's writer of the legacy full-model format (root
  attributes model_config / training_config / keras_version / backend, model_weights/<layer>/…
  with weight_names, optimizer_weights after a training step when compiled);
- `<name>.keras2.h5`: the same file with model_config, keras_version and weight names rewritten as
  tf.keras 2.x writes them (inbound_nodes as [[[layer, node, tensor, kwargs]]], dtype strings,
  batch_input_shape, class 'Model', `:0` weight suffixes). Keras 2 itself (tf-keras) cannot be
  installed on these machines, so this stands in for files Keras 2 wrote; its weights and
  predictions are still Keras's;
- `<name>.weights-only.h5`: legacy `save_weights` layout (root layer_names), written by Keras's
  legacy_h5_format.save_weights_to_hdf5_group;
- `<name>.json`: fixed inputs and Keras's predictions.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy")


def mlp():
    model = keras.Sequential(
        [keras.Input(shape=(6,)), keras.layers.Dense(8, activation="relu"), keras.layers.BatchNormalization(), keras.layers.Dense(3, activation="softmax")],
        name="legacy_mlp",
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.RandomState(5)
    x = rng.normal(size=(8, 6)).astype("float32")
    model.train_on_batch(x, keras.utils.to_categorical(rng.randint(0, 3, size=8), 3))
    return model, [x[:3]]


def text():
    tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(20, 4)(tokens)
    x = keras.layers.LSTM(5)(x)
    side = keras.Input(shape=(3,), name="side")
    merged = keras.layers.concatenate([x, keras.layers.Dense(2, activation="tanh")(side)])
    out = keras.layers.Dense(2, activation="softmax", name="out")(merged)
    model = keras.Model([tokens, side], out, name="legacy_text")
    rng = np.random.RandomState(6)
    return model, [rng.randint(0, 20, size=(2, 7)).astype("int32"), rng.normal(size=(2, 3)).astype("float32")]


def keras2_tensor(value):
    history = value["config"]["keras_history"]
    return [history[0], history[1], history[2], {}]


def keras2_layer(entry, functional):
    config = dict(entry["config"])
    if isinstance(config.get("dtype"), dict):
        config["dtype"] = config["dtype"]["config"]["name"]
    if "batch_shape" in config:
        config["batch_input_shape"] = config.pop("batch_shape")
    for key in ("optional", "quantization_config"):
        config.pop(key, None)
    for key, value in list(config.items()):
        if isinstance(value, dict) and "module" in value:
            config[key] = {"class_name": value["class_name"], "config": value["config"]}
    if entry["class_name"] in ("Sequential", "Functional"):
        config["layers"] = [keras2_layer(layer, entry["class_name"] == "Functional") for layer in config["layers"]]
        if entry["class_name"] == "Functional":
            wrap = lambda v: v if isinstance(v[0], list) else [v]  # noqa: E731
            config["input_layers"] = wrap(config["input_layers"])
            config["output_layers"] = wrap(config["output_layers"])
    out = {"class_name": "Model" if entry["class_name"] == "Functional" else entry["class_name"], "config": config}
    if functional:
        out["name"] = entry["name"]
        nodes = []
        for node in entry["inbound_nodes"]:
            args = node["args"][0]
            nodes.append([keras2_tensor(t) for t in (args if isinstance(args, list) else [args])])
        out["inbound_nodes"] = nodes
    return out


def keras2_copy(source, target):
    """Rewrites Keras 3's legacy .h5 as tf.keras 2.x lays it out (see the module docstring)."""
    with h5py.File(source, "r") as f, h5py.File(target, "w") as g:
        config = json.loads(f.attrs["model_config"])
        g.attrs["model_config"] = json.dumps(keras2_layer(config, False))
        g.attrs["keras_version"] = "2.15.0"
        g.attrs["backend"] = "tensorflow"
        if "training_config" in f.attrs:
            training = json.loads(f.attrs["training_config"])
            training["optimizer_config"]["config"]["is_legacy_optimizer"] = False
            training["optimizer_config"]["config"]["jit_compile"] = True
            g.attrs["training_config"] = json.dumps(training)
        weights = g.create_group("model_weights")
        weights.attrs["layer_names"] = [n.encode() for n in f["model_weights"].attrs["layer_names"]]
        for layer in f["model_weights"].attrs["layer_names"]:
            group = weights.create_group(layer)
            names = [n for n in f["model_weights"][layer].attrs["weight_names"]]
            group.attrs["weight_names"] = [f"{n}:0".encode() for n in names]
            for name in names:
                group.create_dataset(f"{name}:0", data=f["model_weights"][layer][name][()])
        if "optimizer_weights" in f:
            optimizer = g.create_group("optimizer_weights")
            names = list(f["optimizer_weights"].attrs["weight_names"])
            optimizer.attrs["weight_names"] = [f"{n}:0".encode() for n in names]
            for name in names:
                optimizer.create_dataset(f"{name}:0", data=f["optimizer_weights"][name][()])


def main():
    print(f"keras {keras.__version__}, backend {keras.backend.backend()}", file=sys.stderr)
    os.makedirs(HERE, exist_ok=True)
    for name, make in [("mlp", mlp), ("text", text)]:
        keras.utils.set_random_seed(3)
        model, inputs = make()
        prediction = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        path = os.path.join(HERE, f"{name}.h5")
        model.save(path)
        keras2_copy(path, os.path.join(HERE, f"{name}.keras2.h5"))
        with h5py.File(os.path.join(HERE, f"{name}.weights-only.h5"), "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)
        reloaded = keras.saving.load_model(path)
        np.testing.assert_allclose(reloaded.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0), prediction, atol=1e-6)
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(
                {
                    "keras_version": keras.__version__,
                    "inputs": [{"shape": list(x.shape), "dtype": str(x.dtype), "values": x.flatten().tolist()} for x in inputs],
                    "prediction": {"shape": list(prediction.shape), "values": prediction.flatten().tolist()},
                    "iterations": int(model.optimizer.iterations) if getattr(model, "optimizer", None) is not None else None,
                },
                f,
            )


if __name__ == "__main__":
    main()
