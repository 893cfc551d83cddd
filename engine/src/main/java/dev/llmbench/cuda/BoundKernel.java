package dev.llmbench.cuda;

/**
 * A kernel with its arguments and launch shape fixed at build time: running it in the decode loop is
 * one cuLaunchKernel with no Java allocation. Made by {@link Kernels}: the grid is the launcher's choice,
 * the block the kernel's table's.
 */
public final class BoundKernel {
    private final KernelLaunch launch;
    private final int gridX;
    private final int gridY;
    private final int gridZ;
    private final int block;

    /** Every argument must be set by now: a launcher that forgets one fails here, not at its first run. */
    BoundKernel(KernelLaunch launch, int gridX, int gridY, int gridZ) {
        launch.checkArgumentsSet();
        this.launch = launch;
        this.gridX = gridX;
        this.gridY = gridY;
        this.gridZ = gridZ;
        this.block = launch.block();
    }

    public void run(Stream stream) {
        launch.launch(stream, gridX, gridY, gridZ, block, 0);
    }
}
