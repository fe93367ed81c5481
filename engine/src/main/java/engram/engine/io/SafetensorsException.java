package engram.engine.io;

import java.io.IOException;

/** A safetensors file or sharded checkpoint that is malformed or incomplete; the message names the file and the fault. */
public class SafetensorsException extends IOException {

    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
