#pragma once
// Input files (read once, kept whole) and the text the parsers read from them.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/span.hpp"

namespace zonelint {

// The bytes of one input, loaded with a single read (or mmap for large files).
class FileBuffer {
 public:
  FileBuffer() = default;
  explicit FileBuffer(std::string owned) : owned_(std::move(owned)), view_(owned_) {}
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;
  FileBuffer(FileBuffer&& other) noexcept;
  FileBuffer& operator=(FileBuffer&& other) noexcept;
  ~FileBuffer();

  // Reads `path` whole. On failure returns nullopt and sets `error` to a human-readable reason.
  static std::optional<FileBuffer> load(const std::string& path, std::string& error);
  static std::optional<FileBuffer> load_stream(std::FILE* stream, std::string& error);

  [[nodiscard]] std::string_view bytes() const noexcept { return view_; }

  // Gives back the memory of a mapped file's pages inside [begin, end): they leave the resident
  // set and are read again from the page cache when next touched, unchanged. Nothing for a file
  // that was read, not mapped.
  void release_pages(std::size_t begin, std::size_t end) const noexcept;

 private:
  std::string owned_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
  std::string_view view_;
};

// One input file as the user named it, with a lazily built line index.
class SourceFile {
 public:
  SourceFile(FileId id, std::string path, FileBuffer buffer);

  [[nodiscard]] FileId id() const noexcept { return id_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::string_view bytes() const noexcept { return buffer_.bytes(); }
  // See FileBuffer::release_pages; the whole file when no range is given.
  void release_pages(std::size_t begin = 0, std::size_t end = static_cast<std::size_t>(-1)) const noexcept {
    buffer_.release_pages(begin, end);
  }

  [[nodiscard]] std::uint32_t line_count() const;
  [[nodiscard]] std::uint32_t line_of(std::uint32_t offset) const;         // 1-based
  [[nodiscard]] std::uint32_t line_begin(std::uint32_t line) const;        // byte offset
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;      // without CR/LF
  [[nodiscard]] LineColumn location(std::uint32_t offset) const;
  // Column (1-based, code points, tab = 1) of `offset` on its line.
  [[nodiscard]] std::uint32_t column_of(std::uint32_t offset) const;
  // Code points above U+FFFF on the line of `offset` before it (two UTF-16 code units each).
  [[nodiscard]] std::uint32_t astral_before(std::uint32_t offset) const;

  // Where this file was pulled in by $INCLUDE (the file token of the directive); not valid() when
  // it was not. A plain Span: an optional's unset payload, copied whole, reads as uninitialised.
  Span included_from;

 private:
  void build_line_index() const;
  struct Counted {
    std::uint32_t code_points = 0;
    std::uint32_t astral = 0;  // of them above U+FFFF
  };
  // What lies between the start of the line of `offset` and `offset`.
  [[nodiscard]] Counted count_before(std::uint32_t offset) const;

  FileId id_;
  std::string path_;
  FileBuffer buffer_;
  mutable std::once_flag line_index_built_;
  mutable std::vector<std::uint32_t> line_starts_;
  // For long lines (a minified JSON export is one line): counts from the line start to points
  // along it, so that each finding deep in the line is counted from the point before it, not
  // from the line start (a few thousand findings in a 4 MB line took minutes).
  struct CountMark {
    std::uint32_t offset;
    Counted counted;
  };
  mutable std::mutex marks_mutex_;
  mutable std::unordered_map<std::uint32_t, std::vector<CountMark>> marks_;  // by line
};

// Every file read during one run; FileIds index into it and stay valid for the run.
class SourceSet {
 public:
  // Loads a file; returns nullopt and an error message when it cannot be read.
  std::optional<FileId> load(const std::string& path, std::string& error);
  FileId add(std::string path, std::string contents);
  FileId add(std::string path, FileBuffer buffer);

  [[nodiscard]] const SourceFile& file(FileId id) const { return *files_.at(id); }
  [[nodiscard]] SourceFile& file(FileId id) { return *files_.at(id); }
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }
  [[nodiscard]] LineColumn location(FileId file, std::uint32_t offset) const { return this->file(file).location(offset); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// Text a master-file reader parses. For a zone file it is the file itself; for a provider export
// or a $GENERATE it is presentation text synthesised from the file, with a map back to file bytes.
class TextSource {
 public:
  // A run of text that came from `file_begin..file_end`. Literal runs map byte for byte; other
  // runs (escapes, synthesised glue) map every byte to the whole file range.
  struct Segment {
    std::uint32_t text_begin;
    std::uint32_t file_begin;
    std::uint32_t file_end;
    bool literal;
  };

  // The file's own bytes.
  TextSource(FileId file, std::string_view file_bytes) : file_(file), text_(file_bytes) {}
  // Synthesised text; `segments` sorted by text_begin, the first starting at 0.
  TextSource(FileId file, std::string owned_text, std::vector<Segment> segments);

  TextSource(TextSource&&) noexcept = default;
  TextSource& operator=(TextSource&&) noexcept = default;
  TextSource(const TextSource&) = delete;
  TextSource& operator=(const TextSource&) = delete;

  [[nodiscard]] FileId file() const noexcept { return file_; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] bool is_file_text() const noexcept { return segments_.empty(); }

  // Maps a text range to the file bytes it came from.
  [[nodiscard]] Span span(std::uint32_t text_begin, std::uint32_t text_end) const;

 private:
  [[nodiscard]] const Segment& segment_at(std::uint32_t text_offset) const;

  FileId file_;
  std::unique_ptr<std::string> owned_;  // stable address for text_
  std::string_view text_;
  std::vector<Segment> segments_;
};

// Builds synthesised text and its segment map together.
class TextBuilder {
 public:
  // Appends text whose bytes are exactly the file bytes starting at `file_begin`.
  void literal(std::string_view text, std::uint32_t file_begin);
  // Appends text that stands for the whole file range [file_begin, file_end).
  void mapped(std::string_view text, std::uint32_t file_begin, std::uint32_t file_end);
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(text_.size()); }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  TextSource finish(FileId file) &&;

 private:
  void push(std::uint32_t file_begin, std::uint32_t file_end, bool literal);
  std::string text_;
  std::vector<TextSource::Segment> segments_;
};

}  // namespace zonelint
