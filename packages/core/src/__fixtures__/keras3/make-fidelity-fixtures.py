"""Writes fidelity.json: what real Keras 3 does where keras-ts once differed (issue 18).

Keras 3.15.1 on JAX 0.10.2, from the local wheel store:

    python3 -m venv .venv-keras
    .venv-keras/bin/pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2 h5py
    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/__fixtures__/keras3/make-fidelity-fixtures.py

Summaries are captured with `model.summary(print_fn=...)`, which renders through a rich Console
with no colour; the table width is `line_length` when given, else min(88 or 108,
terminal columns - 4) with the terminal width taken from `COLUMNS`. Each summary fixture records
the `columns` (the COLUMNS value) and `line_length` (None: Keras's default) it was captured with.
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import Input, Model, Sequential, layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
fixtures = {"keras_version": keras.__version__, "backend": keras.backend.backend()}


def summary(model, columns, line_length=None):
    os.environ["COLUMNS"] = str(columns)
    out = []
    model.summary(line_length=line_length, print_fn=lambda text, **_: out.append(text))
    return {"columns": columns, "line_length": line_length, "text": "".join(out)}


# --- Default names: a Sequential consumes an input_layer and a functional name. ---
keras.utils.clear_session()
names = []
seq = Sequential([layers.Dense(32, activation="relu", input_shape=(64,)), layers.Dense(10)])
names.append({"what": "Sequential with input_shape", "model": seq.name, "layers": [l.name for l in seq.layers]})
inp = Input(shape=(64,))
out = layers.Dense(10)(layers.Dense(32)(inp))
fn = Model(inp, out)
names.append({"what": "Model after it", "model": fn.name, "input": inp._keras_history.operation.name, "layers": [l.name for l in fn.layers]})
seq2 = Sequential()
seq2.add(layers.Dense(4, input_dim=3))
names.append({"what": "Sequential().add(Dense(input_dim))", "model": seq2.name, "layers": [l.name for l in seq2.layers]})
inp2 = Input(shape=(3,))
fn2 = Model(inp2, layers.Dense(2)(inp2))
names.append({"what": "second Model", "model": fn2.name, "input": inp2._keras_history.operation.name, "layers": [l.name for l in fn2.layers]})
fixtures["default_names"] = names

# --- Seed 003's Sequential / functional pair, seed 004's headline model: layer order and summaries. ---
keras.utils.clear_session()
seq = Sequential()
seq.add(layers.Dense(32, activation="relu", input_shape=(64,)))
seq.add(layers.Dense(32, activation="relu"))
seq.add(layers.Dense(10, activation="softmax"))
input_tensor = Input(shape=(64,))
x = layers.Dense(32, activation="relu")(input_tensor)
x = layers.Dense(32, activation="relu")(x)
model_003 = Model(input_tensor, layers.Dense(10, activation="softmax")(x))
fixtures["seed003_functional"] = {
    "name": model_003.name,
    "layers": [l.name for l in model_003.layers],
    "summaries": [summary(model_003, 200), summary(model_003, 60), summary(seq, 200)],
}

keras.utils.clear_session()
main_input = Input(shape=(100,), dtype="int32", name="main_input")
x = layers.Embedding(output_dim=512, input_dim=10000)(main_input)
lstm_out = layers.LSTM(32)(x)
auxiliary_output = layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)
auxiliary_input = Input(shape=(5,), name="aux_input")
x = layers.concatenate([lstm_out, auxiliary_input])
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
main_output = layers.Dense(1, activation="sigmoid", name="main_output")(x)
headline = Model(inputs=[main_input, auxiliary_input], outputs=[main_output, auxiliary_output])
fixtures["seed004_headline"] = {
    "layers": [l.name for l in headline.layers],
    "summaries": [summary(headline, 200), summary(headline, 90), summary(headline, 200, line_length=70)],
}

# A long class name wraps at the space and is cut with an ellipsis; a layer with two inputs
# lists both in "Connected to".
keras.utils.clear_session()
a = Input(shape=(8,), name="left")
b = Input(shape=(8,), name="right")
h = layers.BatchNormalization()(layers.Dense(8, name="a_rather_long_dense_layer_name")(a))
merged = layers.add([h, b])
wrap_model = Model([a, b], layers.Dense(1)(merged), name="wrapping")
fixtures["wrapping"] = {"summaries": [summary(wrap_model, 200), summary(wrap_model, 64), summary(wrap_model, 200, line_length=50)]}

# --- History / evaluate key order. ---
rng = np.random.default_rng(0)
keras.utils.set_random_seed(0)
keras.utils.clear_session()
inp = Input(shape=(4,), name="x")
hidden = layers.Dense(8, activation="relu")(inp)
out_b = layers.Dense(3, activation="softmax", name="zeta")(hidden)
out_a = layers.Dense(1, activation="sigmoid", name="alpha")(hidden)
multi = Model(inp, [out_b, out_a])
multi.compile(
    optimizer="rmsprop",
    loss=["categorical_crossentropy", "binary_crossentropy"],
    metrics=[["accuracy"], ["accuracy", "mse"]],
)
xs = rng.normal(size=(16, 4)).astype("float32")
yb = keras.utils.to_categorical(rng.integers(0, 3, size=16), 3)
ya = rng.integers(0, 2, size=(16, 1)).astype("float32")
hist = multi.fit(xs, [yb, ya], epochs=1, batch_size=8, validation_split=0.25, verbose=0,
                 callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr)])
names = multi.metrics_names
values = multi.evaluate(xs, [yb, ya], verbose=0)
as_dict = multi.evaluate(xs, [yb, ya], verbose=0, return_dict=True)
fixtures["multi_output_logs"] = {
    "model": "Input x(4) -> Dense(8, relu) -> [Dense(3, softmax, name='zeta'), Dense(1, sigmoid, name='alpha')]; "
    "loss [categorical_crossentropy, binary_crossentropy]; metrics [['accuracy'], ['accuracy', 'mse']]; "
    "fit validation_split 0.25 with LearningRateScheduler",
    "history_keys": list(hist.history.keys()),
    "metrics_names": names,
    "evaluate_length": len(values),
    "evaluate_dict_keys": list(as_dict.keys()),
    # Keras's own list order (`_flatten_metrics_in_order`, what evaluate() returns without
    # return_dict), read with each key standing for its value.
    "evaluate_list_order": multi._flatten_metrics_in_order({k: k for k in as_dict}),
}

keras.utils.clear_session()
single = Sequential([Input(shape=(4,)), layers.Dense(3, activation="softmax")])
single.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["mse", "accuracy"])
hist = single.fit(xs, yb, epochs=1, batch_size=8, validation_data=(xs, yb), verbose=0)
fixtures["single_output_logs"] = {
    "model": "Sequential Dense(3, softmax); metrics ['mse', 'accuracy']; validation_data",
    "history_keys": list(hist.history.keys()),
    "evaluate_dict_keys": list(single.evaluate(xs, yb, verbose=0, return_dict=True).keys()),
    "evaluate_list_order": single._flatten_metrics_in_order({k: k for k in single.evaluate(xs, yb, verbose=0, return_dict=True)}),
}

# --- class_weight together with sample_weight. ---
try:
    single.fit(xs, yb, sample_weight=np.ones(16), class_weight={0: 1.0, 1: 2.0, 2: 1.0}, epochs=1, verbose=0)
    fixtures["class_and_sample_weight_error"] = None
except Exception as error:  # noqa: BLE001
    fixtures["class_and_sample_weight_error"] = {"type": type(error).__name__, "message": str(error)}

# --- reset_states: Keras 3 Models have no reset_states(); each stateful RNN layer has one. On JAX,
# predict() and fit() do not carry the states forward (keras-ts keeps Keras 2's carrying); a direct
# call does. ---
keras.utils.clear_session()
stateful = Sequential([Input(batch_shape=(2, 3, 2)), layers.LSTM(4, stateful=True, return_sequences=True), layers.LSTM(3, stateful=True)])
ones = np.ones((2, 3, 2), "float32")


def state_sums():
    return [float(np.abs(np.asarray(s.value)).sum()) for l in stateful.layers for s in l.states]


stateful.predict(ones, verbose=0)
after_predict = state_sums()
stateful(ones)
after_call = state_sums()
model_has_reset_states = hasattr(stateful, "reset_states")
for layer in stateful.layers:
    layer.reset_states()
fixtures["reset_states"] = {
    "model": "Sequential([Input(batch_shape=(2, 3, 2)), LSTM(4, stateful, return_sequences), LSTM(3, stateful)]) on ones",
    "model_has_reset_states": model_has_reset_states,
    "states_kept_after_predict": any(v > 0 for v in after_predict),
    "nonzero_after_call": [v > 0 for v in after_call],
    "abs_sum_after_reset": state_sums(),
}

path = pathlib.Path(__file__).with_name("fidelity.json")
path.write_text(json.dumps(fixtures, indent=1, ensure_ascii=False) + "\n")
print("wrote", path)

# The summaries and states of models that need real layers (Embedding, LSTM, BatchNormalization) are tested
# in the keras-ts package, which has them; it keeps its own copy.
layered = {key: fixtures[key] for key in ("keras_version", "backend", "seed004_headline", "wrapping", "reset_states")}
path = pathlib.Path(__file__).resolve().parents[4] / "keras-ts" / "src" / "__fixtures__" / "keras3" / "summaries.json"
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(json.dumps(layered, indent=1, ensure_ascii=False) + "\n")
print("wrote", path)
