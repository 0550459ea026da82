#include "core/source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "core/utf8.hpp"

namespace zonelint {

namespace {
// Offsets are 32-bit; larger inputs are refused with a clear message rather than truncated.
constexpr std::size_t max_input_size = std::numeric_limits<std::uint32_t>::max() - 1;
// Pipes and standard input are read into memory, without a size known beforehand: capped far
// below max_input_size so that `cat /dev/zero | zonelint check -` cannot exhaust memory.
constexpr std::size_t max_stream_size = std::size_t{256} << 20;
constexpr const char* stream_too_large =
    "input read from a pipe is larger than 256 MiB, the most zonelint reads from a pipe; save it to a file "
    "(files are read up to 4 GiB)";
// Below this, a plain read is as fast as mapping and keeps the buffer private.
constexpr std::size_t mmap_threshold = std::size_t{1} << 20;
}  // namespace

FileBuffer::FileBuffer(FileBuffer&& other) noexcept { *this = std::move(other); }

FileBuffer& FileBuffer::operator=(FileBuffer&& other) noexcept {
  if (this == &other) return *this;
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  const bool was_owned = other.mapping_ == nullptr;
  owned_ = std::move(other.owned_);
  mapping_ = other.mapping_;
  mapping_size_ = other.mapping_size_;
  view_ = was_owned ? std::string_view(owned_) : other.view_;
  other.mapping_ = nullptr;
  other.mapping_size_ = 0;
  other.view_ = {};
  return *this;
}

FileBuffer::~FileBuffer() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
}

std::optional<FileBuffer> FileBuffer::load(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "is a directory";
    return std::nullopt;
  }
  // A device is no zone file, and /dev/zero or /dev/urandom would never end.
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
    ::close(fd);
    error = "is a device, not a file";
    return std::nullopt;
  }
  if (S_ISREG(st.st_mode)) {
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > max_input_size) {
      ::close(fd);
      error = "file is larger than 4 GiB, the largest input zonelint reads";
      return std::nullopt;
    }
    if (size >= mmap_threshold) {
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map != MAP_FAILED) {
        ::madvise(map, size, MADV_SEQUENTIAL);
        ::close(fd);
        FileBuffer buffer;
        buffer.mapping_ = map;
        buffer.mapping_size_ = size;
        buffer.view_ = std::string_view(static_cast<const char*>(map), size);
        return buffer;
      }
    }
  }
  // Small files, pipes and character devices: read to the end.
  std::string data;
  if (S_ISREG(st.st_mode)) data.reserve(static_cast<std::size_t>(st.st_size));
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    const bool regular = S_ISREG(st.st_mode);
    if (data.size() + static_cast<std::size_t>(n) > (regular ? max_input_size : max_stream_size)) {
      ::close(fd);
      error = regular ? "input is larger than 4 GiB, the largest input zonelint reads" : stream_too_large;
      return std::nullopt;
    }
    data.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return FileBuffer(std::move(data));
}

void FileBuffer::release_pages(std::size_t begin, std::size_t end) const noexcept {
  if (mapping_ == nullptr) return;
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  end = std::min(end, mapping_size_);
  const std::size_t first = (begin + page - 1) / page * page;  // whole pages only
  const std::size_t last = end == mapping_size_ ? end : end / page * page;
  if (first >= last) return;
  // A private read-only mapping that was never written: the pages are clean copies of the file.
  ::madvise(static_cast<char*>(mapping_) + first, last - first, MADV_DONTNEED);
}

std::optional<FileBuffer> FileBuffer::load_stream(std::FILE* stream, std::string& error) {
  // Standard input redirected from a file (`- < zone`) may be as large as a file named directly.
  struct stat st {};
  const bool regular = ::fstat(::fileno(stream), &st) == 0 && S_ISREG(st.st_mode);
  const std::size_t limit = regular ? max_input_size : max_stream_size;
  std::string data;
  char chunk[65536];
  for (;;) {
    const std::size_t n = std::fread(chunk, 1, sizeof chunk, stream);
    if (n > 0) {
      if (data.size() + n > limit) {
        error = regular ? "input is larger than 4 GiB, the largest input zonelint reads" : stream_too_large;
        return std::nullopt;
      }
      data.append(chunk, n);
    }
    if (n < sizeof chunk) {
      if (std::ferror(stream) != 0) {
        error = std::strerror(errno);
        return std::nullopt;
      }
      break;
    }
  }
  return FileBuffer(std::move(data));
}

SourceFile::SourceFile(FileId id, std::string path, FileBuffer buffer)
    : id_(id), path_(std::move(path)), buffer_(std::move(buffer)) {}

void SourceFile::build_line_index() const {
  // Rules report from two threads; the first caller builds the index, the others wait for it.
  std::call_once(line_index_built_, [this] {
    const std::string_view text = bytes();
    line_starts_.reserve(text.size() / 32 + 2);
    line_starts_.push_back(0);
    const char* const base = text.data();
    const char* p = base;
    const char* const end = base + text.size();
    // A large mapped file leaves the resident set behind the scan, as the reader does.
    constexpr std::size_t release_every = std::size_t{8} << 20;
    std::size_t released = 0;
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (nl == nullptr) break;
      p = static_cast<const char*>(nl) + 1;
      const auto offset = static_cast<std::size_t>(p - base);
      line_starts_.push_back(static_cast<std::uint32_t>(offset));
      if (offset - released >= release_every) {
        buffer_.release_pages(released, offset);
        released = offset;
      }
    }
    if (released != 0) buffer_.release_pages(released, text.size());
  });
}

std::uint32_t SourceFile::line_count() const {
  build_line_index();
  const auto n = static_cast<std::uint32_t>(line_starts_.size());
  // A final newline does not start another line.
  if (n > 1 && line_starts_.back() == bytes().size()) return n - 1;
  return n;
}

std::uint32_t SourceFile::line_of(std::uint32_t offset) const {
  build_line_index();
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

std::uint32_t SourceFile::line_begin(std::uint32_t line) const {
  build_line_index();
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<std::uint32_t>(bytes().size());
  return line_starts_[line - 1];
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  build_line_index();
  const std::string_view text = bytes();
  const std::uint32_t begin = line_begin(line);
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text.size());
  if (end > begin && text[end - 1] == '\n') --end;
  if (end > begin && text[end - 1] == '\r') --end;
  return text.substr(begin, end - begin);
}

namespace {
// Lines shorter than this are counted from their start every time.
constexpr std::uint32_t long_line = 64u << 10;
constexpr std::uint32_t mark_step = 4u << 10;

// Counts the code points of text[from, to) as utf8::count_code_points does, and those above
// U+FFFF among them; `text` ends where the counting must (a character cut there is invalid).
// Calls mark(offset, counted) at character boundaries every `step` bytes or more.
template <typename Mark>
void count_code_points(std::string_view text, std::size_t from, std::uint32_t& code_points, std::uint32_t& astral,
                       std::size_t step, const Mark& mark) {
  std::size_t next_mark = from + step;
  for (std::size_t i = from; i < text.size();) {
    if (i >= next_mark) {
      mark(static_cast<std::uint32_t>(i), code_points, astral);
      next_mark = i + step;
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else {
      const utf8::Decoded d = utf8::decode(text, i);
      if (d.valid && d.length == 4) ++astral;
      i += d.length;
    }
    ++code_points;
  }
}
}  // namespace

SourceFile::Counted SourceFile::count_before(std::uint32_t offset) const {
  const std::uint32_t line = line_of(offset);
  std::uint32_t begin = line_begin(line);
  const std::string_view text = bytes();
  const std::uint32_t clamped = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  // A UTF-8 byte-order mark is invisible in editors: the first character after it is column 1.
  if (begin == 0 && clamped >= 3 && text.starts_with("\xEF\xBB\xBF")) begin = 3;
  Counted counted;
  const auto no_mark = [](std::uint32_t, std::uint32_t, std::uint32_t) {};
  if (clamped - begin < long_line) {
    count_code_points(text.substr(0, clamped), begin, counted.code_points, counted.astral, clamped, no_mark);
    return counted;
  }
  std::uint32_t from = begin;
  {
    const std::lock_guard lock(marks_mutex_);
    std::vector<CountMark>& marks = marks_[line];
    if (marks.empty()) {
      // The whole line once: a mark every mark_step bytes, at a character boundary.
      const std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text.size());
      marks.push_back({begin, {}});
      Counted all;
      count_code_points(text.substr(0, end), begin, all.code_points, all.astral, mark_step,
                        [&](std::uint32_t at, std::uint32_t code_points, std::uint32_t astral) {
                          marks.push_back({at, {code_points, astral}});
                        });
    }
    const auto after = std::upper_bound(marks.begin(), marks.end(), clamped,
                                        [](std::uint32_t at, const CountMark& m) { return at < m.offset; });
    const CountMark& mark = *(after - 1);  // marks[0] is the line start, at or before `clamped`
    from = mark.offset;
    counted = mark.counted;
  }
  count_code_points(text.substr(0, clamped), from, counted.code_points, counted.astral, clamped, no_mark);
  return counted;
}

std::uint32_t SourceFile::column_of(std::uint32_t offset) const { return 1 + count_before(offset).code_points; }

std::uint32_t SourceFile::astral_before(std::uint32_t offset) const { return count_before(offset).astral; }

LineColumn SourceFile::location(std::uint32_t offset) const {
  return {line_of(offset), column_of(offset)};
}

std::optional<FileId> SourceSet::load(const std::string& path, std::string& error) {
  auto buffer = FileBuffer::load(path, error);
  if (!buffer) return std::nullopt;
  return add(path, std::move(*buffer));
}

FileId SourceSet::add(std::string path, std::string contents) {
  return add(std::move(path), FileBuffer(std::move(contents)));
}

FileId SourceSet::add(std::string path, FileBuffer buffer) {
  const auto id = static_cast<FileId>(files_.size());
  files_.push_back(std::make_unique<SourceFile>(id, std::move(path), std::move(buffer)));
  return id;
}

TextSource::TextSource(FileId file, std::string owned_text, std::vector<Segment> segments)
    : file_(file), owned_(std::make_unique<std::string>(std::move(owned_text))), text_(*owned_),
      segments_(std::move(segments)) {
  if (segments_.empty()) segments_.push_back({0, 0, 0, false});
}

const TextSource::Segment& TextSource::segment_at(std::uint32_t text_offset) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), text_offset,
                             [](std::uint32_t off, const Segment& s) { return off < s.text_begin; });
  if (it != segments_.begin()) --it;
  return *it;
}

Span TextSource::span(std::uint32_t text_begin, std::uint32_t text_end) const {
  if (segments_.empty()) return {file_, text_begin, text_end};
  const Segment& first = segment_at(text_begin);
  const std::uint32_t begin =
      first.literal ? std::min(first.file_end, first.file_begin + (text_begin - first.text_begin)) : first.file_begin;
  if (text_end <= text_begin) return {file_, begin, begin};
  const Segment& last = segment_at(text_end - 1);
  const std::uint32_t end =
      last.literal ? std::min(last.file_end, last.file_begin + (text_end - last.text_begin)) : last.file_end;
  return {file_, begin, std::max(begin, end)};
}

void TextBuilder::push(std::uint32_t file_begin, std::uint32_t file_end, bool literal) {
  segments_.push_back({size(), file_begin, file_end, literal});
}

void TextBuilder::literal(std::string_view text, std::uint32_t file_begin) {
  if (text.empty()) return;
  const auto n = static_cast<std::uint32_t>(text.size());
  const bool extends = !segments_.empty() && segments_.back().literal &&
                       segments_.back().file_end == file_begin &&
                       segments_.back().file_end - segments_.back().file_begin == size() - segments_.back().text_begin;
  if (extends) {
    segments_.back().file_end += n;
  } else {
    push(file_begin, file_begin + n, true);
  }
  text_.append(text);
}

void TextBuilder::mapped(std::string_view text, std::uint32_t file_begin, std::uint32_t file_end) {
  if (text.empty()) return;
  push(file_begin, file_end, false);
  text_.append(text);
}

TextSource TextBuilder::finish(FileId file) && {
  return TextSource(file, std::move(text_), std::move(segments_));
}

}  // namespace zonelint
