package io.tierwise.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole CSV file as a header and rows of text cells, read with a real CSV parser so that quoted
 * fields with commas, doubled quotes and line breaks come out intact.
 *
 * @param path the file read
 * @param header the first record's cells
 * @param rows the remaining records, each with exactly as many cells as the header
 */
record CsvTable(Path path, List<String> header, List<CsvTable.Row> rows) {

  /** Without a schema, the parser exposes each record as a JSON array of strings. */
  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

  CsvTable {
    Objects.requireNonNull(path, "path");
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /**
   * One data record.
   *
   * @param number 1-based position among the data records (the header is not counted)
   * @param line 1-based line of the file where the record starts
   * @param cells the record's cells, in header order
   */
  record Row(int number, long line, List<String> cells) {
    Row {
      cells = List.copyOf(cells);
    }

    String cell(int column) {
      return cells.get(column);
    }
  }

  /** Reads the whole table; every record must have as many cells as the header. */
  static CsvTable read(Path path) {
    List<String> header = null;
    List<Row> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        CsvParser parser = (CsvParser) MAPPER.createParser(reader)) {
      RawRecord record;
      while ((record = nextRecord(parser)) != null) {
        List<String> cells = record.cells();
        long line = record.line();
        if (header == null) {
          header = withoutByteOrderMark(cells);
        } else if (cells.size() != header.size()) {
          throw LabelledDataException.at(
              path,
              line,
              "record has " + cells.size() + " fields but the header has " + header.size());
        } else {
          rows.add(new Row(rows.size() + 1, line, cells));
        }
      }
    } catch (IOException e) {
      throw new LabelledDataException("cannot read CSV file " + path + ": " + e.getMessage(), e);
    }
    if (header == null) {
      throw new LabelledDataException(path + ": empty CSV file, expected a header line");
    }
    return new CsvTable(path, header, rows);
  }

  /** The header record only, for format detection; empty if the file is empty or unreadable. */
  static List<String> readHeader(Path path) {
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        CsvParser parser = (CsvParser) MAPPER.createParser(reader)) {
      RawRecord record = nextRecord(parser);
      return record == null ? List.of() : withoutByteOrderMark(record.cells());
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Index of the column named {@code name}, or -1. */
  int column(String name) {
    return header.indexOf(name);
  }

  private record RawRecord(long line, List<String> cells) {}

  private static RawRecord nextRecord(CsvParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw new IOException("unexpected CSV token " + token);
    }
    long line = -1;
    List<String> cells = new ArrayList<>();
    while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
      if (line < 0) {
        // The array start is reported where the previous record ended; the first cell is exact.
        line = parser.currentTokenLocation().getLineNr();
      }
      cells.add(parser.getText());
    }
    if (token != JsonToken.END_ARRAY) {
      throw new IOException("unexpected CSV token " + token);
    }
    return new RawRecord(line, cells);
  }

  private static List<String> withoutByteOrderMark(List<String> header) {
    if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
      List<String> copy = new ArrayList<>(header);
      copy.set(0, copy.get(0).substring(1));
      return copy;
    }
    return header;
  }
}
