"""NiceSlam.NET with an Intel RealSense camera.

Starts realsense2_camera's rs_launch.py (colour and depth 640x480 at 30 Hz, depth aligned to colour, frames
synchronised), the nice_slam_node with params.yaml (source: topics), a static transform for the camera mount
base_link -> camera_link and, with rviz:=true, RViz with nice_slam.rviz.

    ros2 launch nice_slam_ros realsense.launch.py
    ros2 launch nice_slam_ros realsense.launch.py mount_z:=0.3 mount_pitch:=0.1 rviz:=true device:=cuda
    ros2 launch launch/realsense.launch.py transport:=dds dds_executable:=/opt/nice-slam/nice-slam-node

transport:=dds starts the plain nice-slam-node executable (Cyclone DDS, no ros2_dotnet workspace needed) instead of
the rcldotnet build; it joins the same ROS 2 graph (ROS_DOMAIN_ID, CYCLONEDDS_URI as for any node).

Needs ros-$ROS_DISTRO-realsense2-camera >= 4.54 (parameter names rgb_camera.color_profile and
depth_module.depth_profile; 4.51 and older call them rgb_camera.profile and depth_module.profile).
Not run on the project's machines (no ROS 2, no camera there).
"""

import os

from ament_index_python.packages import PackageNotFoundError, get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, ExecuteProcess, IncludeLaunchDescription
from launch.conditions import IfCondition
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import EnvironmentVariable, LaunchConfiguration, PathJoinSubstitution, PythonExpression
from launch_ros.actions import Node
from launch_ros.substitutions import FindPackageShare


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


def generate_launch_description():
    share = _share()
    params = os.path.join(share, 'launch', 'params.yaml')
    rviz_config = os.path.join(share, 'launch', 'nice_slam.rviz')
    # Found when launched (a substitution), so that --show-args works without realsense2_camera installed.
    realsense_launch = PathJoinSubstitution([FindPackageShare('realsense2_camera'), 'launch', 'rs_launch.py'])

    arguments = TRANSPORT_ARGUMENTS + [
        DeclareLaunchArgument('params_file', default_value=params, description='node parameters (YAML)'),
        DeclareLaunchArgument('device', default_value='cpu', description='cpu | cuda | cuda:N'),
        DeclareLaunchArgument('rviz', default_value='false', description='also start RViz with nice_slam.rviz'),
        # Camera mount on the robot: base_link -> camera_link (metres, radians; yaw pitch roll about z y x).
        DeclareLaunchArgument('mount_x', default_value='0.0'),
        DeclareLaunchArgument('mount_y', default_value='0.0'),
        DeclareLaunchArgument('mount_z', default_value='0.0'),
        DeclareLaunchArgument('mount_yaw', default_value='0.0'),
        DeclareLaunchArgument('mount_pitch', default_value='0.0'),
        DeclareLaunchArgument('mount_roll', default_value='0.0'),
    ]

    # Topics: /camera/camera/color/image_raw, /camera/camera/aligned_depth_to_color/image_raw,
    # /camera/camera/color/camera_info (camera_namespace/camera_name), the defaults in params.yaml.
    camera = IncludeLaunchDescription(
        PythonLaunchDescriptionSource(realsense_launch),
        launch_arguments={
            'camera_namespace': 'camera',
            'camera_name': 'camera',
            'enable_color': 'true',
            'enable_depth': 'true',
            'align_depth.enable': 'true',
            'enable_sync': 'true',
            'rgb_camera.color_profile': '640x480x30',
            'depth_module.depth_profile': '640x480x30',
            'enable_infra1': 'false',
            'enable_infra2': 'false',
            'enable_gyro': 'false',
            'enable_accel': 'false',
            'pointcloud.enable': 'false',
        }.items(),
    )

    # The node takes the params file first, then the overrides (later wins, as in rcl).
    nice_slam = _node(LaunchConfiguration('params_file'),
                      {'source': 'topics', 'device': LaunchConfiguration('device'), 'queue_full_policy': 'drop_oldest'})

    # tf2_ros static_transform_publisher with the Humble+ named arguments.
    mount = Node(
        package='tf2_ros',
        executable='static_transform_publisher',
        name='camera_mount_tf',
        arguments=[
            '--x', LaunchConfiguration('mount_x'),
            '--y', LaunchConfiguration('mount_y'),
            '--z', LaunchConfiguration('mount_z'),
            '--yaw', LaunchConfiguration('mount_yaw'),
            '--pitch', LaunchConfiguration('mount_pitch'),
            '--roll', LaunchConfiguration('mount_roll'),
            '--frame-id', 'base_link',
            '--child-frame-id', 'camera_link',
        ],
    )

    rviz = Node(
        package='rviz2',
        executable='rviz2',
        name='rviz2',
        arguments=['-d', rviz_config],
        condition=IfCondition(LaunchConfiguration('rviz')),
    )

    return LaunchDescription(arguments + [camera, *nice_slam, mount, rviz])
