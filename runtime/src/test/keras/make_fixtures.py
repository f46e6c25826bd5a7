"""Makes the Keras fixtures of the importer tests (runtime/src/test/resources/keras/), once, with real Keras.

    python3 -m venv /tmp/kvenv && /tmp/kvenv/bin/pip install keras jax jaxlib h5py
    KERAS_BACKEND=jax /tmp/kvenv/bin/python runtime/src/test/keras/make_fixtures.py [NAME ...]

(pip may need --index-url file:///opt/pypi/simple on the build machine.) With names, only those
of MobileNetSmall and DecoderSmall are rewritten (each has its own seed); without, all of them.

For each network it writes, in runtime/src/test/resources/keras/:
  NAME.keras            the Keras 3 archive (config.json, metadata.json, model.weights.h5)
  NAME.h5               the legacy HDF5 form (model.save("NAME.h5"): model_config + model_weights)
  NAME.json             model.to_json(), the config alone (imported with --weights NAME.h5)
  NAME.expected.json    count_params(), a fixed input batch and Keras' predictions on it
  NAME.keras2.json      the same config in the layout Keras 2 / tf.keras's to_json() writes (nested
                        inbound_nodes lists, batch_input_shape, no InputLayer in a Sequential model,
                        LeakyReLU's alpha), rewritten from Keras 3's config by keras2_config() below:
                        Keras 2 itself (tf_keras, keras<3) is not installable here, so this is the
                        documented layout, not Keras 2's own output. Its weights are NAME.h5, which
                        is the legacy HDF5 layout both generations write (model_weights/LAYER/...).
and, for the full-size LeNet-5 and Light CNN, NAME.json and NAME.expected.json with the count only
(their weights would be megabytes; the tests check that the imported spec counts the same).

Widths and input sizes are reduced where the architecture allows, to keep the files small. Weights
are random (not Keras' initialisers: batch-norm statistics would be 0 and 1 and test nothing), and
fixed by the seed, so a rerun writes the same predictions.
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "keras")


@keras.saving.register_keras_serializable(package="lightcnn")
class Maxout(layers.Layer):
    """The Light CNN article's max-feature-map: the maximum of the two halves of the channels."""

    def call(self, x):
        half = x.shape[-1] // 2
        return ops.maximum(x[..., :half], x[..., half:])

    def compute_output_shape(self, input_shape):
        return input_shape[:-1] + (input_shape[-1] // 2,)


def lenet5(size=32, c1=6, c2=16, d1=120, d2=84, name="LeNet5"):
    return keras.Sequential([
        keras.Input((size, size, 1), name="image"),
        layers.Conv2D(c1, 5, activation="relu", name="c1"),
        layers.MaxPooling2D(2, name="s2"),
        layers.Conv2D(c2, 5, activation="relu", name="c3"),
        layers.MaxPooling2D(2, name="s4"),
        layers.Flatten(name="flat"),
        layers.Dense(d1, activation="relu", name="f5"),
        layers.Dense(d2, activation="relu", name="f6"),
        layers.Dense(10, activation="softmax", name="probs"),
    ], name=name)


def small_resnet():
    """A ResNet v1 in miniature: keras.applications' stem (zero padding, 7×7/2, 3×3/2 pooling),
    one identity block and one projection block, global average pooling."""
    def bn(name):
        return layers.BatchNormalization(epsilon=1.001e-5, name=name)

    def block(x, filters, stride, name, project):
        if project:
            shortcut = layers.Conv2D(filters, 1, strides=stride, name=name + "_0_conv")(x)
            shortcut = bn(name + "_0_bn")(shortcut)
        else:
            shortcut = x
        y = layers.Conv2D(filters, 3, strides=stride, padding="same", name=name + "_1_conv")(x)
        y = bn(name + "_1_bn")(y)
        y = layers.Activation("relu", name=name + "_1_relu")(y)
        y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=name + "_2_conv")(y)
        y = bn(name + "_2_bn")(y)
        y = layers.Add(name=name + "_add")([shortcut, y])
        return layers.ReLU(name=name + "_out")(y)

    inputs = keras.Input((24, 24, 3), name="image")
    x = layers.ZeroPadding2D(3, name="conv1_pad")(inputs)
    x = layers.Conv2D(8, 7, strides=2, name="conv1_conv")(x)
    x = bn("conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = block(x, 8, 1, "conv2_block1", project=False)
    x = block(x, 16, 2, "conv3_block1", project=True)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="SmallResNet")


def inception_net():
    """GoogLeNet's inception module twice, written as the functional API is usually written."""
    def inception(x, c1, c3r, c3, c5r, c5, pp, name):
        a = layers.Conv2D(c1, 1, padding="same", activation="relu", name=name + "_1x1")(x)
        b = layers.Conv2D(c3r, 1, padding="same", activation="relu", name=name + "_3x3_reduce")(x)
        b = layers.Conv2D(c3, 3, padding="same", activation="relu", name=name + "_3x3")(b)
        c = layers.Conv2D(c5r, 1, padding="same", activation="relu", name=name + "_5x5_reduce")(x)
        c = layers.Conv2D(c5, 5, padding="same", activation="relu", name=name + "_5x5")(c)
        d = layers.MaxPooling2D(3, strides=1, padding="same", name=name + "_pool")(x)
        d = layers.Conv2D(pp, 1, padding="same", activation="relu", name=name + "_pool_proj")(d)
        return layers.Concatenate(name=name + "_output")([a, b, c, d])

    inputs = keras.Input((20, 20, 3), name="image")
    x = layers.Conv2D(8, 3, strides=2, padding="same", name="conv1")(inputs)
    x = layers.LeakyReLU(negative_slope=0.2, name="conv1_lrelu")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same", name="pool1")(x)
    x = inception(x, 4, 4, 8, 2, 4, 4, "inception_3a")
    x = inception(x, 8, 4, 8, 2, 4, 4, "inception_3b")
    x = layers.AveragePooling2D(2, name="pool3")(x)
    x = layers.Flatten(name="flat")(x)
    x = layers.Dropout(0.4, name="drop")(x)
    x = layers.Dense(16, activation="tanh", name="fc")(x)
    outputs = layers.Dense(5, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="InceptionNet")


def light_cnn(size=128, classes=2, div=1, name="LightCNN"):
    """The Light CNN article's model (as the zoo's lightcnn.cnn): MFM after every convolution and the
    first dense layer, written with a custom Maxout layer. div divides every width."""
    def mfm_conv(x, filters, kernel, i):
        x = layers.Conv2D(filters // div, kernel, padding="same", name=f"conv{i}")(x)
        return Maxout(name=f"mfm{i}")(x)

    inputs = keras.Input((size, size, 1), name="image")
    x = mfm_conv(inputs, 64, 5, 1)
    x = layers.MaxPooling2D(2, name="pool1")(x)
    x = mfm_conv(x, 64, 1, 2)
    x = layers.BatchNormalization(name="bn2")(x)
    x = mfm_conv(x, 96, 3, 3)
    x = layers.MaxPooling2D(2, name="pool3")(x)
    x = layers.BatchNormalization(name="bn3")(x)
    x = mfm_conv(x, 96, 1, 4)
    x = layers.BatchNormalization(name="bn4")(x)
    x = mfm_conv(x, 128, 3, 5)
    x = layers.MaxPooling2D(2, name="pool5")(x)
    x = mfm_conv(x, 128, 1, 6)
    x = layers.BatchNormalization(name="bn6")(x)
    x = mfm_conv(x, 64, 3, 7)
    x = layers.BatchNormalization(name="bn7")(x)
    x = mfm_conv(x, 64, 1, 8)
    x = layers.BatchNormalization(name="bn8")(x)
    x = mfm_conv(x, 64, 3, 9)
    x = layers.MaxPooling2D(2, name="pool9")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(160 // div, name="fc1")(x)
    x = Maxout(name="mfm_fc1")(x)
    x = layers.BatchNormalization(name="bn_fc1")(x)
    x = layers.Dropout(0.75, name="dropout")(x)
    outputs = layers.Dense(classes, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name=name)


def mobile_net():
    """A MobileNet in miniature: relu6 stem, a depthwise convolution (multiplier 2), a
    squeeze-and-excitation gate (global pooling kept 1×1, two 1×1 convolutions, hard sigmoid,
    multiply), a separable convolution with hard swish, a gate from a dense layer (flat, broadcast over
    height and width: Keras's Multiply expands it to 1×1×C), as keras.applications' MobileNetV3 writes them."""
    inputs = keras.Input((12, 12, 3), name="image")
    x = layers.Conv2D(8, 3, strides=2, padding="same", use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.ReLU(max_value=6, name="stem_relu6")(x)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(x)
    x = layers.Activation("relu6", name="dw_relu6")(x)
    s = layers.GlobalAveragePooling2D(keepdims=True, name="se_pool")(x)
    s = layers.Conv2D(4, 1, activation="relu", name="se_reduce")(s)
    s = layers.Conv2D(16, 1, activation="hard_sigmoid", name="se_expand")(s)
    x = layers.Multiply(name="se_mul")([x, s])
    x = layers.SeparableConv2D(12, 3, strides=2, depth_multiplier=2, name="sep")(x)
    x = layers.Activation("hard_swish", name="sep_hswish")(x)
    g = layers.GlobalAveragePooling2D(name="gate_pool")(x)
    g = layers.Dense(12, activation="sigmoid", name="gate")(g)
    x = layers.Multiply(name="gate_mul")([x, g])
    x = layers.Conv2D(8, 1, activation="swish", name="head_conv")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(4, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="MobileNetSmall")


def decoder():
    """A small decoder: transposed convolutions (same and valid), per-element PReLU, nearest
    upsampling, and the remaining activations (gelu, elu, selu)."""
    inputs = keras.Input((3, 3, 2), name="code")
    x = layers.Conv2DTranspose(5, 3, strides=2, padding="same", name="up1")(inputs)
    x = layers.PReLU(name="up1_prelu")(x)
    x = layers.UpSampling2D(2, name="up2")(x)
    x = layers.Conv2DTranspose(4, 3, name="up3", activation="gelu")(x)
    x = layers.Activation("elu", name="up3_elu")(x)
    x = layers.Conv2D(3, 3, activation="selu", name="out_conv")(x)
    x = layers.GlobalMaxPooling2D(name="pool")(x)
    outputs = layers.Dense(3, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="DecoderSmall")


def keras2_config(model):
    """Model config in Keras 2's to_json() layout (see the module docstring)."""
    def layer2(layer):
        config = dict(layer["config"])
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"]["config"]["name"]
        if layer["class_name"] == "InputLayer":
            config["batch_input_shape"] = config.pop("batch_shape")
        if layer["class_name"] == "LeakyReLU":
            config["alpha"] = config.pop("negative_slope")
        out = {"class_name": layer.get("registered_name") or layer["class_name"], "config": config}
        if layer["class_name"] in ("Functional", "Model") or "registered_name" not in layer:
            out["class_name"] = layer["class_name"]
        if "inbound_nodes" in layer:
            out["name"] = layer["name"]
            out["inbound_nodes"] = [[[t["config"]["keras_history"][0], t["config"]["keras_history"][1],
                                      t["config"]["keras_history"][2], {}]
                                     for t in tensors(node["args"])] for node in layer["inbound_nodes"]]
        return out

    def tensors(args):
        for a in args:
            if isinstance(a, list):
                yield from tensors(a)
            elif isinstance(a, dict) and a.get("class_name") == "__keras_tensor__":
                yield a

    c = json.loads(model.to_json())
    config = c["config"]
    layers = [layer2(l) for l in config["layers"]]
    if c["class_name"] == "Sequential":
        shape = layers[0]["config"]["batch_input_shape"]
        layers = layers[1:]
        layers[0]["config"]["batch_input_shape"] = shape
        body = {"name": config["name"], "layers": layers}
    else:
        def ends(e):
            return [e] if isinstance(e[0], str) else e
        body = {"name": config["name"], "layers": layers, "input_layers": ends(config["input_layers"]),
                "output_layers": ends(config["output_layers"])}
    return {"class_name": c["class_name"], "config": body, "keras_version": "2.15.0", "backend": "tensorflow"}


def randomise(model, rng):
    """Random weights, batch-norm variances positive, so every weight's layout is tested."""
    for layer in model.layers:
        weights = []
        for w in layer.weights:
            if "variance" in w.path:
                weights.append(rng.uniform(0.5, 1.5, w.shape))
            elif "gamma" in w.path:
                weights.append(rng.uniform(0.5, 1.5, w.shape))
            else:
                weights.append(rng.normal(0, 0.3, w.shape))
        if weights:
            layer.set_weights([w.astype("float32") for w in weights])


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1 if "expected" not in path else None)
        f.write("\n")


def save(model, rng, batch=2):
    name = model.name
    randomise(model, rng)
    model.save(os.path.join(OUT, name + ".keras"))
    model.save(os.path.join(OUT, name + ".h5"))
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write(model.to_json())
    with open(os.path.join(OUT, name + ".keras2.json"), "w") as f:
        json.dump(keras2_config(model), f)
    # Pixels 0..255 scaled by 1/255 in float32: Java recomputes the same input exactly from the integers.
    pixels = rng.integers(0, 256, (batch,) + tuple(model.input_shape[1:]))
    x = pixels.astype("float32") / np.float32(255)
    y = np.asarray(model.predict(x, verbose=0))
    write_json(os.path.join(OUT, name + ".expected.json"), {
        "keras_version": keras.__version__, "backend": keras.backend.backend(),
        "count_params": int(model.count_params()),
        "input_shape": list(x.shape), "input_pixels": [int(v) for v in pixels.ravel()],
        "output_shape": list(y.shape), "output": [float(f"{v:.8g}") for v in y.ravel()]})
    print(f"{name}: {model.count_params()} parameters")


def save_config_only(model):
    with open(os.path.join(OUT, model.name + ".json"), "w") as f:
        f.write(model.to_json())
    write_json(os.path.join(OUT, model.name + ".expected.json"), {
        "keras_version": keras.__version__, "count_params": int(model.count_params())})
    print(f"{model.name} (config only): {model.count_params()} parameters")


def main():
    """With network names (MobileNetSmall DecoderSmall), writes only those: the other fixtures'
    archives would change bytes (timestamps) without changing what they hold."""
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    if not only:
        keras.utils.set_random_seed(14)
        rng = np.random.default_rng(14)
        save(lenet5(size=24, d1=32, d2=16, name="LeNet5Small"), rng)
        save(small_resnet(), rng)
        save(inception_net(), rng)
        save(light_cnn(size=32, classes=2, div=8, name="LightCNNSmall"), rng)
        save_config_only(lenet5())
        save_config_only(light_cnn())
    # Their own seed, so adding them did not change the fixtures above.
    for seed, make in ((15, mobile_net), (16, decoder)):
        keras.utils.set_random_seed(seed)
        model = make()
        if not only or model.name in only:
            save(model, np.random.default_rng(seed))


if __name__ == "__main__":
    sys.exit(main())
