// The real-ROS tests run the node, the ros2 command line and colcon as processes that use both cores: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
