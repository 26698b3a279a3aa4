// Every test here starts nice-slam processes that use all cores for tensors; running them side by side only makes
// them contend (and time out on 2-core machines), so this assembly's tests run one after another.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
