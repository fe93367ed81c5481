package engram.app;

public final class Engram {
    public static void main(String[] args) {
        System.out.println("engram 0.1.0-SNAPSHOT");
    }
}
