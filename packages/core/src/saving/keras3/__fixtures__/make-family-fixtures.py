"""Makes the layer-family `.keras` fixtures of keras-ts's tests (one small model per family, and seed models).

Made with Keras 3.15.1 on the JAX backend. Run from the repository root:

    KERAS_BACKEND=jax .venv-keras/bin/python packages/core/src/saving/keras3/__fixtures__/make-family-fixtures.py [name …]

Writes families/<name>.keras and families/<name>.json (fixed inputs and Keras's predictions).
Models with BatchNormalization are trained a few steps first, so their moving statistics are not
the initial ones; so are the seed models of issue #18 (seed000_reuters onwards), so their weights
and optimizer state are trained ones.
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


def fit_briefly(model, inputs, targets, batch_size):
    """A couple of training steps, so the saved weights and optimizer state are not the initial ones."""
    model.fit(inputs, targets, epochs=1, batch_size=batch_size, shuffle=False, verbose=0)


def one_hot(rng, count, classes):
    return keras.utils.to_categorical(rng.randint(0, classes, size=(count,)), classes)


def seed000_reuters(rng):
    # Seed 000's Reuters classifier: multi-hot words → Dense 64 relu → Dense 46 softmax. The seed
    # vectorises 10,000 words; 256 here keeps the fixture small (same layers and options).
    words = 256
    inputs = keras.Input(shape=(words,), name="input")
    features = L.Dense(64, activation="relu")(inputs)
    outputs = L.Dense(46, activation="softmax")(features)
    model = keras.Model(inputs=inputs, outputs=outputs, name="reuters")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    multi_hot = lambda count: (rng.uniform(size=(count, words)) < 0.05).astype("float32")  # noqa: E731
    fit_briefly(model, multi_hot(16), one_hot(rng, 16, 46), batch_size=8)
    return model, [multi_hot(2)]


def seed002_mlp_tanh(rng):
    # Seed 002's MNIST MLP 784 → 50 tanh → 50 tanh → 10 softmax, on 196 inputs (14×14 instead of
    # 28×28) to keep the fixture small. Keras 3's SGD has no `decay` (the seed's 1e-7 is a
    # learning-rate schedule there), so the optimizer is SGD(0.001, momentum 0.9).
    dense = dict(kernel_initializer="glorot_uniform", bias_initializer="zeros")
    model = keras.Sequential(
        [keras.Input(shape=(196,)), L.Dense(50, activation="tanh", **dense), L.Dense(50, activation="tanh", **dense), L.Dense(10, activation="softmax", **dense)],
        name="mlp_tanh",
    )
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.001, momentum=0.9), loss="categorical_crossentropy")
    fit_briefly(model, rng.normal(size=(16, 196)), one_hot(rng, 16, 10), batch_size=8)
    return model, [rng.normal(size=(2, 196))]


def seed003_three_outputs(rng):
    # Seed 003's three-output model (age regression, income softmax, gender sigmoid) with the same
    # Conv1D / MaxPooling1D / GlobalMaxPooling1D stack, narrower (the seed: Embedding(50000 → 256),
    # Conv1D 128/256 filters, Dense 128), compiled with losses as a list and loss weights. The seed's
    # Embedding(256, vocabulary_size) swaps input_dim and output_dim (see the seeds' README); this
    # is the intended Embedding(vocabulary_size, width).
    vocabulary_size, num_income_groups = 60, 10
    posts_input = keras.Input(shape=(None,), dtype="int32", name="posts")
    embedded_posts = L.Embedding(vocabulary_size, 8)(posts_input)
    x = L.Conv1D(8, 5, activation="relu")(embedded_posts)
    x = L.MaxPooling1D(5)(x)
    x = L.Conv1D(8, 5, activation="relu")(x)
    x = L.Conv1D(8, 5, activation="relu")(x)
    x = L.MaxPooling1D(5)(x)
    x = L.Conv1D(8, 5, activation="relu")(x)
    x = L.Conv1D(8, 5, activation="relu")(x)
    x = L.GlobalMaxPooling1D()(x)
    x = L.Dense(16, activation="relu")(x)
    age_prediction = L.Dense(1, name="age")(x)
    income_prediction = L.Dense(num_income_groups, activation="softmax", name="income")(x)
    gender_prediction = L.Dense(1, activation="sigmoid", name="gender")(x)
    model = keras.Model(posts_input, [age_prediction, income_prediction, gender_prediction], name="three_outputs")
    model.compile(optimizer="rmsprop", loss=["mse", "categorical_crossentropy", "binary_crossentropy"], loss_weights=[0.25, 1.0, 10.0])
    # 280 tokens leave 2 steps for the last Conv1D (the two pools divide by 5).
    posts = lambda count: rng.randint(1, vocabulary_size, size=(count, 280)).astype("int32")  # noqa: E731
    targets = [rng.normal(size=(8, 1)), one_hot(rng, 8, num_income_groups), rng.randint(0, 2, size=(8, 1)).astype("float32")]
    fit_briefly(model, posts(8), targets, batch_size=4)
    return model, [posts(2)]


def seed004_mlp_dropout(rng):
    # Seed 004's MNIST MLP: Dense 512 relu → Dropout 0.2 → Dense 512 relu → Dropout 0.2 → Dense 10
    # softmax, RMSprop. 784 → 512 → 512 weighs 6 MB with its optimizer state; 64 → 32 → 32 keeps
    # the fixture small (same layers and options).
    model = keras.Sequential(
        [keras.Input(shape=(64,)), L.Dense(32, activation="relu"), L.Dropout(0.2), L.Dense(32, activation="relu"), L.Dropout(0.2), L.Dense(10, activation="softmax")],
        name="mlp_dropout",
    )
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"])
    fit_briefly(model, rng.uniform(size=(16, 64)), one_hot(rng, 16, 10), batch_size=8)
    return model, [rng.uniform(size=(2, 64))]


def seed004_stateful_lstm(rng):
    # Seed 004's stateful stacked LSTM (timesteps 8, data_dim 16, three LSTM 32, Dense 10 softmax),
    # with batch_size 4 instead of 32. The states are reset after training, so the fixture's
    # prediction starts from zero states; the test resets them before every prediction too.
    batch_size, timesteps, data_dim = 4, 8, 16
    model = keras.Sequential(
        [
            keras.Input(batch_shape=(batch_size, timesteps, data_dim)),
            L.LSTM(32, return_sequences=True, stateful=True),
            L.LSTM(32, return_sequences=True, stateful=True),
            L.LSTM(32, stateful=True),
            L.Dense(10, activation="softmax"),
        ],
        name="stateful_lstm",
    )
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    fit_briefly(model, rng.uniform(size=(batch_size * 2, timesteps, data_dim)), rng.uniform(size=(batch_size * 2, 10)), batch_size=batch_size)
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()
    return model, [rng.uniform(size=(batch_size, timesteps, data_dim))]


def seed004_time_distributed_model(rng):
    # Seed 004's TimeDistributed(model): its functional 784 → 64 relu → 64 relu → 10 softmax net,
    # applied to every step of a sequence of 20. Narrower here (24 → 16 → 16 → 10, 5 steps).
    inputs = keras.Input(shape=(24,))
    output_1 = L.Dense(16, activation="relu")(inputs)
    output_2 = L.Dense(16, activation="relu")(output_1)
    predictions = L.Dense(10, activation="softmax")(output_2)
    model = keras.Model(inputs=inputs, outputs=predictions, name="dense_net")
    input_sequences = keras.Input(shape=(5, 24))
    processed_sequences = L.TimeDistributed(model)(input_sequences)
    sequences = keras.Model(input_sequences, processed_sequences, name="time_distributed_model")
    sequences.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    targets = keras.utils.to_categorical(rng.randint(0, 10, size=(8, 5)), 10)
    fit_briefly(sequences, rng.normal(size=(8, 5, 24)), targets, batch_size=4)
    return sequences, [rng.normal(size=(2, 5, 24))]


FAMILIES = [conv1d, conv2d_batchnorm, merges, gru, bidirectional, time_distributed, nested, embedding_lstm]
FAMILIES += [seed004_headline, seed004_stacked_lstm, seed004_shared_lstm, seed001_flatten]
FAMILIES += [seed000_reuters, seed002_mlp_tanh, seed003_three_outputs, seed004_mlp_dropout, seed004_stateful_lstm]
FAMILIES += [seed004_time_distributed_model]


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
