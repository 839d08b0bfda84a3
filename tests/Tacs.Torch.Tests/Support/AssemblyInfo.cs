// Tensor counts and libtorch's thread pool are process-wide: tests run one at a time so leak checks see only their own tensors.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
