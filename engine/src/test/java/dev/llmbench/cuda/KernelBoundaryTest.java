package dev.llmbench.cuda;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java side of the kernel boundary, without a GPU: the launchers of {@link Kernels} against the
 * signatures generated from the production tables (llmbench.signatures in the kernels jar), those of
 * {@link TestKernels} against the test image's, and the checks a launch makes against a signature.
 */
class KernelBoundaryTest {
    private static final KernelBoundary PRODUCTION = KernelBoundary.read("/dev/llmbench/kernels/llmbench.signatures");

    /** Kernels whose launches are built against the signatures alone (no module: they cannot run). */
    private static Kernels recording(KernelBoundary boundary, Set<String> launched) {
        return new Kernels(name -> {
            launched.add(name);
            return new Kernel(boundary.signature(name), null, 1024, false);
        });
    }

    /** A buffer that is never dereferenced: large enough for any shape the checks ask about. */
    static DeviceBuffer fake(DType t) {
        return new DeviceBuffer("fake " + t, t, 1L << 40, 0x1000, false);
    }

    @Test
    void everyLauncherSetsEachDeclaredArgumentWithItsKindAndEveryEntryPointHasALauncher() {
        Set<String> launched = new TreeSet<>();
        Kernels k = recording(PRODUCTION, launched);
        DeviceBuffer f32 = fake(DType.F32), i32 = fake(DType.I32), i8 = fake(DType.I8);
        for (DType t : List.of(DType.F32, DType.F16, DType.BF16)) {
            DeviceBuffer x = fake(t);
            k.initUniform(x, 1, 1f, 0f);
            k.embedding(x, i32, x, x, 4, 2, 64, i32, 2);
            k.embeddingGlm(x, i32, x, x, x, 4, 2, 64, i32, 2);
            k.addLayerNorm(x, x, x, x, x, 4, 64, 1e-5f);
            k.addRmsNorm(x, x, x, x, 4, 64, 1e-5f);
            k.rotary(x, false, 4, 2, 8, 2, 64, 64, i32, 1e4f);
            k.rotary(x, true, 4, 2, 8, 2, 64, 64, i32, 1e4f);
            k.rotary2d(x, 4, 2, 8, 2, 64, 32, i32, 2, 1e4f);
            k.kvCacheWrite(x, x, x, 2, 2, 8, 2, 64, 16, i32);
            for (int d : new int[] {64, 256}) { // 256: the wide entry points
                k.attentionContext(x, x, 2, 2, 8, 2, d, 0.125f, f32, 1);
                k.attentionDecode(x, x, x, f32, f32, 2, 8, 2, d, 16, i32, 4, 0.125f, f32);
            }
            k.attentionDecodeMerge(x, f32, f32, 2, 8, 64, 4);
            if (Kernels.encoderAttentionSupports(t, 64)) k.attentionEncoder(x, x, i32, 2, 2, 8, 2, 64, 0.125f);
            k.splitHeads(x, x, 2, 2, 8, 2, 64);
            k.mergeHeads(x, x, 2, 2, 8, 64);
            k.maskedSoftmax(x, 2, 8, 2, 16, i32, 0.125f, f32, i32, 1);
            k.moeRoute(f32, x, 4, 8, 2);
            k.moeCombine(x, x, f32, 4, 64, 8, 3, true);
            k.biasAct(x, x, 4, 64, 1);
            k.swiglu(x, x, 4, 64);
            if (Kernels.gemvSupports(t, 2, 64)) {
                k.gemv(x, x, x, x, 2, 64, 64, 0);
                k.gemvGated(x, x, x, x, 2, 64, 64, 0, f32, 8, 3);
            }
            for (int m : new int[] {2, 32}) { // 32: the wide entry points (more than 8 rows)
                if (Kernels.gemvW8Supports(t, m, 64)) k.gemvW8(x, x, i8, x, x, m, 64, 64, 0);
                if (Kernels.gemvW4Supports(t, m, 128, 64)) k.gemvW4(x, x, i8, x, i8, x, m, 64, 128, 64, 0);
            }
            if (Kernels.gemvW8Supports(t, 2, 64)) {
                k.dequantizeW8(x, i8, x, 64, 64);
                k.dequantizeW4(x, i8, x, i8, 64, 128, 64);
            }
            k.add(x, x, 256);
            k.scaledAdd(x, x, x, 2f, 256);
            k.gatherLastRows(x, x, 2, 2, 64);
            k.argmax(x, 2, 100, i32, i32, 8, i32);
        }
        k.countersAdvance(i32, 3);
        k.initCodesI8(i8, 1);
        k.initCodesI4(i8, 1);
        assertEquals(new TreeSet<>(PRODUCTION.names()), launched, "the launchers above name exactly the declared entry points");
    }

    /** Families.requireImplemented refuses a head dim beyond the kernels' limit before any weight is uploaded. */
    @Test
    void theEngineRefusesExactlyTheHeadDimsTheAttentionKernelsLack() {
        assertEquals(Kernels.MAX_HEAD_DIM, dev.llmbench.model.Implemented.ENGINE.maxHeadDim());
    }

    @Test
    void theTestKernelsAreTheTestImagesAndNotInTheProductionOne() {
        KernelBoundary testImage = KernelBoundary.read("/dev/llmbench/kernels/llmbench-test.signatures");
        Set<String> launched = new TreeSet<>();
        TestKernels k = new TestKernels(name -> {
            launched.add(name);
            return new Kernel(testImage.signature(name), null, 1024, false);
        });
        DeviceBuffer f32 = fake(DType.F32);
        k.fill(f32, 1f);
        k.axpy(f32, f32, 0.5f);
        k.sum(f32, f32);
        for (DType half : List.of(DType.F16, DType.BF16)) {
            k.convert(f32, fake(half));
            k.convert(fake(half), f32);
        }
        assertEquals(new TreeSet<>(testImage.names()), launched, "the launchers above name exactly the declared entry points");
        for (String name : launched) assertThrows(IllegalArgumentException.class, () -> PRODUCTION.signature(name), name);
    }

    @Test
    void anUndeclaredKernelIsRefusedNamingTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PRODUCTION.signature("no_such_kernel"));
        assertEquals("kernel no_such_kernel is not declared in llmbench.signatures (the entry points of the image's *.kernels tables)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recording(PRODUCTION, new TreeSet<>()).gemv(fake(DType.F32),
                fake(DType.F32), fake(DType.F32), null, 1, 8, 8, 0), "gemv has no f32 entry point");
    }

    @Test
    void anArgumentOfTheWrongKindOrSlotNamesTheKernelTheSlotAndBothKinds() {
        KernelLaunch l = new Kernel(PRODUCTION.signature("add_layernorm_f16"), null, 1024, false).newLaunch();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.i32(0, 1));
        assertEquals("add_layernorm_f16: argument 0 (residual) is a pointer, set to an int", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.f32(5, 1f));
        assertEquals("add_layernorm_f16: argument 5 (N) is an int, set to a float", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.i64(9, 1L));
        assertEquals("add_layernorm_f16 has 9 arguments: there is no argument 9 to set to a long long", e.getMessage());
    }

    @Test
    void aLaunchWithAnArgumentLeftUnsetCannotBeBound() {
        KernelLaunch l = new Kernel(PRODUCTION.signature("add_f32"), null, 1024, false).newLaunch().ptr(0, fake(DType.F32)).i64(2, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BoundKernel(l, 1, 1, 1));
        assertEquals("add_f32: argument 1 was never set", e.getMessage());
    }

    /** The generated images wait for their predecessor in every entry point; a hand-made boundary does not say so. */
    @Test
    void onlyImagesThatSaySoTakeProgrammaticLaunches() {
        assertTrue(PRODUCTION.programmaticLaunch());
        assertTrue(KernelBoundary.read("/dev/llmbench/kernels/llmbench-test.signatures").programmaticLaunch());
        assertFalse(KernelBoundary.parse("k 96 ptr:x\n", "t.signatures").programmaticLaunch());
        KernelBoundary marked = KernelBoundary.parse("programmatic-launch\nk 96 ptr:x\n", "t.signatures");
        assertTrue(marked.programmaticLaunch());
        assertEquals(Set.of("k"), marked.names());
    }

    @Test
    void aSignatureGivesTheBlockAndTheArgumentCount() {
        KernelSignature s = KernelBoundary.parse("k 96 ptr:x i32:n\n", "t.signatures").signature("k");
        assertEquals(96, s.block());
        assertEquals(2, s.arity());
        assertEquals(96, new Kernel(s, null, 1024, false).newLaunch().block());
    }

    @Test
    void settingArgumentsAllocatesNothing() {
        KernelLaunch l = new Kernel(PRODUCTION.signature("init_uniform_f32"), null, 1024, false).newLaunch();
        DeviceBuffer out = fake(DType.F32);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) l.ptr(0, out).i64(1, i).i64(2, i).f32(3, i).f32(4, i); // warm up (JIT)
        long before = threads.getCurrentThreadAllocatedBytes();
        int blocks = 10_000;
        for (int i = 0; i < blocks; i++) l.ptr(0, out).i64(1, i).i64(2, i).f32(3, i).f32(4, i);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // One object per block would be at least 16 bytes each (160 KB); the JVM's own work while compiling the
        // loop (seen: 152 bytes under load) is not per block, so the bound is under one byte per block.
        assertTrue(allocated < blocks, allocated + " bytes allocated by " + blocks + " argument blocks");
    }

    @Test
    void aMalformedSignatureLineIsReportedWithItsLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelBoundary.parse("# header\nk 256 ptr:x\nj 128 f64:y\n", "t.signatures"));
        assertEquals("t.signatures:3: unknown argument kind `f64` (ptr, i32, i64, f32)", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> KernelBoundary.parse("k 256 ptr:x\nk 128\n", "t.signatures"));
        assertEquals("t.signatures:2: k declared twice", e.getMessage());
    }
}
