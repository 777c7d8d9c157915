package dev.kafkaremediator.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an append-only file of UTF-8 lines one line at a time, each decoded on its own with a
 * decoder that reports bad bytes instead of replacing them: a line with bytes that are not UTF-8
 * costs that line (reported by number), never the file. A last line without its newline is not
 * handed out: it is either an append still being written by another process or a torn one that
 * the next append sets aside ({@link TornTail}), so reads stay quiet about it.
 */
public final class LineReader {

    /** Receives each whole, decodable line; {@code number} counts from 1. */
    @FunctionalInterface
    public interface Visitor {
        void line(long number, String text);
    }

    /** Receives the number of each line whose bytes are not UTF-8. */
    @FunctionalInterface
    public interface Undecodable {
        void line(long number);
    }

    private LineReader() {
    }

    public static void read(InputStream in, Visitor visitor, Undecodable undecodable) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[64 * 1024];
        byte[] line = new byte[1024];
        int length = 0;
        long number = 0;
        int read;
        while ((read = in.read(chunk)) != -1) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                line = append(line, length, chunk, start, i - start);
                length += i - start;
                start = i + 1;
                number++;
                try {
                    visitor.line(number, decoder.reset().decode(ByteBuffer.wrap(line, 0, length)).toString());
                } catch (CharacterCodingException e) {
                    undecodable.line(number);
                }
                length = 0;
            }
            line = append(line, length, chunk, start, read - start);
            length += read - start;
        }
    }

    private static byte[] append(byte[] line, int length, byte[] from, int start, int count) {
        byte[] into = length + count > line.length ? Arrays.copyOf(line, Math.max(line.length * 2, length + count)) : line;
        System.arraycopy(from, start, into, length, count);
        return into;
    }
}
