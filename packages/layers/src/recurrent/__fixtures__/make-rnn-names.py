"""Writes rnn-names.json: the layer names and weight paths real Keras 3 gives recurrent models.

Keras 3 names an RNN's cell inside the layer (`lstm_1/lstm_cell/kernel`, in a Bidirectional
`bidirectional/forward_lstm/lstm_cell/kernel`); keras-ts's names are tested against these.

    KERAS_BACKEND=jax .venv-keras/bin/python packages/layers/src/recurrent/__fixtures__/make-rnn-names.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
from keras import Input, Model, Sequential, layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__


def describe(what, model):
    return {
        "what": what,
        "model": model.name,
        "layers": [layer.name for layer in model.layers],
        "weights": [{"path": w.path, "shape": list(w.shape)} for w in model.weights],
    }


cases = []

# Each case starts from fresh name counters, as keras-ts tests do with resetNameCounters(). A
# Sequential builds its layers in its own name scope, so Keras prefixes their paths with
# `sequential/` (a difference keras-ts keeps for now: its tests compare the part after it).
keras.utils.clear_session()
model = Sequential(
    [
        Input(shape=(5, 3)),
        layers.LSTM(4, return_sequences=True),
        layers.GRU(3, return_sequences=True),
        layers.SimpleRNN(2, return_sequences=True),
        layers.LSTM(2),
        layers.Dense(1),
    ]
)
cases.append(describe("Sequential: LSTM, GRU, SimpleRNN, LSTM, Dense", model))

keras.utils.clear_session()
inputs = Input(shape=(5, 3))
x = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(inputs)
x = layers.Bidirectional(layers.GRU(2))(x)
outputs = layers.Dense(1)(x)
model = Model(inputs, outputs)
cases.append(describe("functional: Bidirectional(LSTM), Bidirectional(GRU), Dense", model))

keras.utils.clear_session()
inputs = Input(shape=(5, 3))
x = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], return_sequences=True)(inputs)
x = layers.RNN(layers.SimpleRNNCell(2))(x)
outputs = layers.Dense(1)(x)
model = Model(inputs, outputs)
cases.append(describe("functional: RNN(stacked LSTMCell + GRUCell), RNN(SimpleRNNCell), Dense", model))

keras.utils.clear_session()
inputs = Input(shape=(5, 3))
forward = layers.LSTM(3, return_sequences=True)
backward = layers.LSTM(3, return_sequences=True, go_backwards=True)
x = layers.Bidirectional(forward, backward_layer=backward)(inputs)
x = layers.LSTM(2)(x)
outputs = layers.Dense(1)(x)
model = Model(inputs, outputs)
cases.append(describe("functional: Bidirectional(LSTM, backward_layer=LSTM), LSTM, Dense", model))

# An LSTM layer's own cell is named explicitly, so it takes no `lstm_cell` name from a user's cell.
keras.utils.clear_session()
inputs = Input(shape=(5, 3))
x = layers.LSTM(4, return_sequences=True)(inputs)
x = layers.RNN(layers.LSTMCell(2))(x)
outputs = layers.Dense(1)(x)
model = Model(inputs, outputs)
cases.append(describe("functional: LSTM, RNN(LSTMCell), Dense", model))

path = pathlib.Path(__file__).with_name("rnn-names.json")
path.write_text(json.dumps({"keras_version": keras.__version__, "backend": keras.backend.backend(), "cases": cases}, indent=1) + "\n")
print(path.read_text())
