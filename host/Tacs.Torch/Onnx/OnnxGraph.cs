namespace Tacs.Torch.Onnx;

/// <summary>
/// A small ONNX graph builder for float32 networks: nodes with integer-list attributes, float32 initializers, float32
/// inputs and one output with named dynamic dimensions. ToModel writes the ModelProto bytes. Field
/// numbers are those of onnx/onnx.proto (ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7,
/// opset_import 8; GraphProto: node 1, name 2, initializer 5, input 11, output 12; NodeProto: input 1, output 2,
/// name 3, op_type 4, attribute 5; AttributeProto: name 1, i 3, ints 8, type 20; TensorProto: dims 1, data_type 2,
/// name 8, raw_data 9; ValueInfoProto: name 1, type 2; TypeProto.tensor_type 1 with elem_type 1 and shape 2;
/// TensorShapeProto.dim 1 with dim_value 1 or dim_param 2; OperatorSetIdProto: domain 1, version 2).
/// </summary>
public sealed class OnnxGraph
{
    private const int FloatType = 1;
    private const int AttributeInt = 2;
    private const int AttributeInts = 7;

    private readonly List<Node> _nodes = [];
    private readonly List<(string Name, long[] Dims, float[] Values)> _initializers = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Creates a graph.</summary>
    /// <param name="name">Graph name.</param>
    public OnnxGraph(string name) => Name = name;

    public string Name { get; }

    /// <summary>A float32 constant tensor (weights).</summary>
    /// <returns>Its value name.</returns>
    public string Initializer(string name, long[] dims, float[] values)
    {
        if (dims.Aggregate(1L, (a, b) => a * b) != values.Length)
        {
            throw new ArgumentException($"Initializer {name}: shape [{string.Join(", ", dims)}] does not hold {values.Length} values.");
        }

        if (!_names.Add(name))
        {
            throw new ArgumentException($"Value name {name} is used twice.");
        }

        _initializers.Add((name, dims, values));
        return name;
    }

    /// <summary>Adds a node and returns the name of its (single) output.</summary>
    /// <param name="opType">ONNX operator, such as Conv.</param>
    /// <param name="inputs">Input value names.</param>
    /// <param name="attributes">Integer-list attributes (kernel_shape, pads, strides) or single integers (axis) as one-element arrays with a leading '=' in the name.</param>
    public string Add(string opType, IReadOnlyList<string> inputs, params (string Name, long[] Values)[] attributes)
    {
        var output = $"{opType.ToLowerInvariant()}_{_counter++}";
        _names.Add(output);
        _nodes.Add(new Node(opType, inputs, output, attributes));
        return output;
    }

    /// <summary>The ModelProto bytes.</summary>
    /// <param name="input">Graph input name, float32, with the given dimensions (a number, or a name for a free size).</param>
    /// <param name="inputDims">Input dimensions.</param>
    /// <param name="output">The value that is the graph's output.</param>
    /// <param name="outputName">Name the output gets (an Identity node renames it).</param>
    /// <param name="outputDims">Output dimensions.</param>
    /// <param name="opset">Operator set version of the default domain.</param>
    /// <param name="irVersion">IR version (8 goes with opset 17).</param>
    /// <param name="producerVersion">tacs version.</param>
    public byte[] ToModel(string input, object[] inputDims, string output, string outputName, object[] outputDims, int opset, int irVersion, string producerVersion) =>
        ToModel([(input, inputDims)], output, outputName, outputDims, opset, irVersion, producerVersion);

    /// <summary>The ModelProto bytes of a graph with several float32 inputs, in the order given.</summary>
    public byte[] ToModel(IReadOnlyList<(string Name, object[] Dims)> inputs, string output, string outputName, object[] outputDims, int opset, int irVersion, string producerVersion)
    {
        var nodes = _nodes.Append(new Node("Identity", [output], outputName, [])).ToList();
        var model = new ProtoWriter();
        model.Int(1, irVersion);
        model.String(2, "tacs");
        model.String(3, producerVersion);
        model.Message(7, graph =>
        {
            foreach (var node in nodes)
            {
                graph.Message(1, n => WriteNode(n, node));
            }

            graph.String(2, Name);
            foreach (var (name, dims, values) in _initializers)
            {
                graph.Message(5, t =>
                {
                    foreach (var d in dims)
                    {
                        t.Int(1, d);
                    }

                    t.Int(2, FloatType);
                    t.String(8, name);
                    var raw = new byte[values.Length * 4];
                    Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
                    if (!BitConverter.IsLittleEndian)
                    {
                        throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
                    }

                    t.Bytes(9, raw);
                });
            }

            foreach (var (name, dims) in inputs)
            {
                graph.Message(11, v => WriteValueInfo(v, name, dims));
            }

            graph.Message(12, v => WriteValueInfo(v, outputName, outputDims));
        });
        model.Message(8, o =>
        {
            o.String(1, string.Empty);
            o.Int(2, opset);
        });
        return model.ToArray();
    }

    private static void WriteNode(ProtoWriter n, Node node)
    {
        foreach (var input in node.Inputs)
        {
            n.String(1, input);
        }

        n.String(2, node.Output);
        n.String(3, node.Output);
        n.String(4, node.OpType);
        foreach (var (name, values) in node.Attributes)
        {
            n.Message(5, a =>
            {
                var single = name.StartsWith('=');
                a.String(1, single ? name[1..] : name);
                if (single)
                {
                    a.Int(3, values[0]);
                    a.Int(20, AttributeInt);
                }
                else
                {
                    foreach (var v in values)
                    {
                        a.Int(8, v);
                    }

                    a.Int(20, AttributeInts);
                }
            });
        }
    }

    private static void WriteValueInfo(ProtoWriter v, string name, object[] dims)
    {
        v.String(1, name);
        v.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int(1, FloatType);
            tensor.Message(2, shape =>
            {
                foreach (var dim in dims)
                {
                    shape.Message(1, d =>
                    {
                        if (dim is string parameter)
                        {
                            d.String(2, parameter);
                        }
                        else
                        {
                            d.Int(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                        }
                    });
                }
            });
        }));
    }

    private sealed record Node(string OpType, IReadOnlyList<string> Inputs, string Output, (string Name, long[] Values)[] Attributes);
}
