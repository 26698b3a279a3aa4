"""NiceSlam.NET on a recorded rosbag2: `ros2 bag play <bag> --clock` plus the node on simulated time, every frame tracked.

    ros2 launch nice_slam_ros bag_replay.launch.py bag:=/data/my_bag
    ros2 launch nice_slam_ros bag_replay.launch.py bag:=/data/my_bag rate:=0.5 rviz:=true
    ros2 launch launch/bag_replay.launch.py bag:=/data/my_bag transport:=dds dds_executable:=/opt/nice-slam/nice-slam-node

The bag must hold the colour, depth and camera-info topics named in params.yaml (or pass color_topic:= etc.).
The node subscribes to the topics (source: topics) and follows /clock (use_sim_time: true). Nothing is lost on the
way: the player publishes the three camera topics reliable with keep-all history (--qos-profile-overrides-path, a
file this launch writes), the node subscribes reliable keep-all with at most a few samples waiting (input_qos:
reliable) and blocks while it is busy (queue_full_policy: block), so DDS flow control holds the player back
whenever the node is behind: the replay runs at the node's pace (at most `rate`), and the trajectory equals
`nice-slam run <bag>`'s. The node is started first and the player after `delay` seconds. To read a bag without ROS 2,
use `nice-slam run <bag>` or source:=<bag path> with the plain node instead (NiceSlam.Bags).
"""

import os

from ament_index_python.packages import PackageNotFoundError, get_package_share_directory
from launch import LaunchDescription
import tempfile

from launch.actions import DeclareLaunchArgument, ExecuteProcess, OpaqueFunction, TimerAction
from launch.conditions import IfCondition
from launch.substitutions import EnvironmentVariable, LaunchConfiguration, PythonExpression
from launch_ros.actions import Node


def _share():
    """The installed nice_slam_ros share folder, or this file's folder when launched by path without the
    rcldotnet package built (transport:=dds needs no ros2_dotnet workspace)."""
    try:
        return os.path.join(get_package_share_directory('nice_slam_ros'))
    except PackageNotFoundError:
        return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _node(params_file, overrides):
    """The SLAM node, either build: transport:=rcldotnet starts the nice_slam_ros package's nice_slam_node
    (ros2_dotnet); transport:=dds starts the plain nice-slam-node executable (Cyclone DDS, ROS 2 on the wire, no
    ROS libraries used), with the same parameter file and overrides passed as --ros-args."""
    transport = LaunchConfiguration('transport')
    rcldotnet = Node(
        package='nice_slam_ros',
        executable='nice_slam_node',
        name='nice_slam',
        output='screen',
        emulate_tty=True,
        parameters=[params_file, overrides],
        condition=IfCondition(PythonExpression(["'", transport, "' == 'rcldotnet'"])),
    )
    cmd = [LaunchConfiguration('dds_executable'), '--ros-args', '-r', '__node:=nice_slam', '--params-file', params_file,
           '-p', 'transport:=dds',
           # Humble's wire conventions for Humble, Jazzy's (16-byte Gids, as since Iron) for the later ones.
           '-p', ['ros_distro:=', PythonExpression(["'humble' if '", EnvironmentVariable('ROS_DISTRO', default_value='humble'),
                                                     "' in ('', 'humble') else 'jazzy'"])]]
    for key, value in overrides.items():
        cmd += ['-p', [key + ':=', value if not isinstance(value, bool) else str(value).lower()]]
    dds = ExecuteProcess(
        cmd=cmd,
        name='nice_slam',
        output='screen',
        emulate_tty=True,
        condition=IfCondition(PythonExpression(["'", transport, "' == 'dds'"])),
    )
    return [rcldotnet, dds]


TRANSPORT_ARGUMENTS = [
    DeclareLaunchArgument('transport', default_value='rcldotnet',
                          description='rcldotnet: nice_slam_ros/nice_slam_node (ros2_dotnet workspace) | '
                                      'dds: the plain nice-slam-node executable on Cyclone DDS (no ros2_dotnet)'),
    DeclareLaunchArgument('dds_executable', default_value='nice-slam-node',
                          description='transport:=dds: the published nice-slam-node (dotnet publish src/NiceSlam.Node -c Release -o DIR), '
                                      'a path or a name on PATH'),
]


def reliable_overrides(topics):
    """rosbag2's QoS override file: each camera topic published reliable, keep all, volatile (flow-controlled by the
    node's reliable keep-all subscription)."""
    return ''.join(f'{t}:\n  reliability: reliable\n  history: keep_all\n  durability: volatile\n' for t in topics)


def _player(context):
    topics = [LaunchConfiguration(name).perform(context) for name in ('color_topic', 'depth_topic', 'camera_info_topic')]
    with tempfile.NamedTemporaryFile('w', prefix='nice_slam_replay_qos_', suffix='.yaml', delete=False) as f:
        f.write(reliable_overrides(topics))
    return [ExecuteProcess(
        cmd=['ros2', 'bag', 'play', LaunchConfiguration('bag'), '--clock', '--rate', LaunchConfiguration('rate'),
             '--qos-profile-overrides-path', f.name,
             # the first frames reach the node too: the topics are volatile, so what is published before the node's
             # reader of a topic has matched the player's new publisher is lost to it (a pair without CameraInfo, a
             # colour image without its depth); the player waits this long between creating its publishers and playing
             '--delay', LaunchConfiguration('discovery_wait'),
             # the last frames are delivered before the player exits (acknowledged by the node's reliable readers)
             '--wait-for-all-acked', '600000', '--disable-keyboard-controls'],
        output='screen',
    )]


def generate_launch_description():
    share = _share()

    arguments = TRANSPORT_ARGUMENTS + [
        DeclareLaunchArgument('bag', description='rosbag2 folder or file to play'),
        DeclareLaunchArgument('rate', default_value='1.0', description='ros2 bag play --rate'),
        DeclareLaunchArgument('delay', default_value='3.0', description='seconds between node start and playback'),
        DeclareLaunchArgument('discovery_wait', default_value='1.0',
                              description='seconds the player waits after creating its publishers, for the node to match them (ros2 bag play --delay)'),
        DeclareLaunchArgument('params_file', default_value=os.path.join(share, 'launch', 'params.yaml')),
        DeclareLaunchArgument('color_topic', default_value='/camera/camera/color/image_raw'),
        DeclareLaunchArgument('depth_topic', default_value='/camera/camera/aligned_depth_to_color/image_raw'),
        DeclareLaunchArgument('camera_info_topic', default_value='/camera/camera/color/camera_info'),
        DeclareLaunchArgument('device', default_value='cpu'),
        DeclareLaunchArgument('rviz', default_value='false'),
    ]

    nice_slam = _node(LaunchConfiguration('params_file'), {
        'source': 'topics',
        'use_sim_time': True,
        'queue_full_policy': 'block',
        'input_qos': 'reliable',
        'color_topic': LaunchConfiguration('color_topic'),
        'depth_topic': LaunchConfiguration('depth_topic'),
        'camera_info_topic': LaunchConfiguration('camera_info_topic'),
        'device': LaunchConfiguration('device'),
    })

    play = TimerAction(period=LaunchConfiguration('delay'), actions=[OpaqueFunction(function=_player)])

    rviz = Node(
        package='rviz2',
        executable='rviz2',
        name='rviz2',
        arguments=['-d', os.path.join(share, 'launch', 'nice_slam.rviz')],
        parameters=[{'use_sim_time': True}],
        condition=IfCondition(LaunchConfiguration('rviz')),
    )

    return LaunchDescription(arguments + [*nice_slam, play, rviz])
