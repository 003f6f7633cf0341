package dev.lla.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A manual measurement, not a unit test: streams batches over a large image folder and prints
 * the peak heap and RSS, to show that memory stays bounded by a batch, not by the folder.
 *
 * <p>Run from the repository root after {@code mvn -o install -DskipTests}:
 * <pre>
 * java -Xmx256m -cp core/target/classes:core/target/test-classes \
 *     dev.lla.core.data.ImageFolderMemoryProbe /tmp/lla-imagefolder 5200 256
 * </pre>
 * Arguments: the folder (written once if absent: {@code images} RGB 256×256 PNGs of uniform
 * noise, which PNG cannot compress, about 197 kB each, in 10 class folders), the number of
 * images, the batch size. Batches cover the folder (all whole batches) with {@code --resize 32x32}.
 */
final class ImageFolderMemoryProbe {

    private ImageFolderMemoryProbe() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/lla-imagefolder");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 5200;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        long start = System.nanoTime();
        if (!Files.isDirectory(dir)) {
            generate(dir, images);
        }
        long bytes;
        try (Stream<Path> files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("folder %s: %.1f MB, generated/listed in %.1f s%n", dir, bytes / 1e6,
                (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        Dataset data = DatasetLoader.load(DataRequest.of(dir, Split.TRAIN).withTransforms(
                TransformPipeline.NONE.withResize(new BilinearResize(32, 32))));
        BatchPlan plan = BatchPlan.sequential(data.size(), batchSize,
                data.size() / batchSize);
        double checksum = 0;
        long maxHeap = 0;
        for (int b = 0; b < plan.batches(); b++) {
            Batch batch = data.batch(plan, b);
            checksum += batch.pixels()[0];
            maxHeap = Math.max(maxHeap, Runtime.getRuntime().totalMemory()
                    - Runtime.getRuntime().freeMemory());
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%d images in %d batches of %d, %s, in %.1f s (checksum %.3f)%n",
                data.size(), plan.batches(), batchSize, Shapes.times(data.sampleShape()),
                (System.nanoTime() - start) / 1e9, checksum);
        System.out.printf("max heap used after a batch %.1f MB; peak heap (pools) %.1f MB;"
                + " max heap %.0f MB; %s%n", maxHeap / 1e6, peakHeap / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6, rss());
    }

    private static void generate(Path dir, int images) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[256 * 256];
        for (int i = 0; i < images; i++) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextInt(1 << 24);
            }
            image.setRGB(0, 0, 256, 256, row, 0, 256);
            Path file = dir.resolve("class" + (i % 10)).resolve(i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        }
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "RSS unknown";
        }
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
                out.append(line.replaceAll("\\s+", " ")).append("; ");
            }
        }
        return out.toString();
    }
}
