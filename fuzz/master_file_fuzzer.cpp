// libFuzzer target: the master-file reader (RFC 1035 §5 with $ORIGIN, $TTL, $INCLUDE, $GENERATE).
//
// The input is a zone file at <sandbox>/zones/input.zone. $INCLUDE is on and rooted in
// <sandbox>/zones, which holds a small included file and one that includes itself; a file outside
// the root (<sandbox>/outside.zone) must never be loaded, and no byte of it may appear in a
// message. $GENERATE is on with the reader's default caps.
//
// Invariants: every record's offsets are ordered and inside its text and map into its file; owner
// and origin are valid wire names; typed RDATA prints (the dump path); every finding is positioned
// inside its file; at most max_errors_per_file + 1 errors and as many warnings per file; only
// files below the include root are read.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include <unistd.h>

#include "fuzz_support.hpp"
#include "model/rdata_text.hpp"
#include "parse/master_file_reader.hpp"

using namespace zonelint;

namespace {

constexpr std::string_view outside_secret = "OUTSIDE-SECRET-7f3a";

struct Sandbox {
  std::string root;   // <sandbox>/zones, the include root
  std::string input;  // <sandbox>/zones/input.zone (never on disk)

  Sandbox() {
    char tmpl[] = "/tmp/zonelint-fuzz-XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    if (dir == nullptr) std::abort();
    const std::filesystem::path base = std::filesystem::canonical(dir);
    std::filesystem::create_directory(base / "zones");
    std::filesystem::create_directory(base / "zones" / "sub");
    root = (base / "zones").string();
    input = root + "/input.zone";
    const auto write = [](const std::filesystem::path& p, std::string_view text) {
      std::ofstream(p, std::ios::binary) << text;
    };
    write(base / "zones" / "a.zone", "www 300 IN A 192.0.2.1\n@ MX 10 mail\n");
    write(base / "zones" / "self.zone", "$INCLUDE self.zone\nx TXT \"loop\"\n");
    write(base / "zones" / "sub" / "b.zone", "$INCLUDE ../a.zone sub\nb CNAME www\n");
    write(base / "zones" / "sub" / "up.zone", "$INCLUDE ../../outside.zone\n");
    write(base / "outside.zone", std::string("outside TXT \"") + std::string(outside_secret) + "\"\n");
  }
  ~Sandbox() {
    std::error_code ec;
    std::filesystem::remove_all(std::filesystem::path(root).parent_path(), ec);
  }
};

class Checker final : public RecordSink {
 public:
  Checker(const SourceSet& files, const std::deque<TextSource>& texts) : files_(files), texts_(texts) {}

  void on_record(const ParsedRecord& r) override {
    FUZZ_CHECK(r.source != nullptr, "record without a source");
    FUZZ_CHECK(r.text < texts_.size() && &texts_[r.text] == r.source, "record text id does not match its source");
    const auto size = static_cast<std::uint32_t>(r.source->text().size());
    FUZZ_CHECK(r.entry_begin <= r.rdata_begin && r.rdata_begin <= r.rdata_end && r.rdata_end <= size,
               "record offsets " + std::to_string(r.entry_begin) + " " + std::to_string(r.rdata_begin) + " " +
                   std::to_string(r.rdata_end) + " in a text of " + std::to_string(size));
    for (const Token& t : r.rdata_tokens)
      FUZZ_CHECK(t.begin <= t.end && t.end <= size && t.content_begin() <= t.content_end(), "RDATA token");
    fuzz::check_span(files_, r.source->span(r.entry_begin, r.rdata_end), "record");
    fuzz::check_wire_name(r.owner.wire(), "owner");
    FUZZ_CHECK(!r.owner.empty(), "record without an owner");
    fuzz::check_wire_name(r.origin.wire(), "origin");
    if (r.wire != nullptr) {
      FUZZ_CHECK(r.wire->bytes.size() <= 65535, "RDATA longer than 65535 octets");
      text_.clear();
      if (!rdata_to_text(r.type, r.wire->bytes, text_)) rdata_to_generic_text(r.wire->bytes, text_);
    }
    ++records;
  }

  void on_diagnostic(Diagnostic d) override {
    fuzz::check_diagnostic(files_, d);
    // libFuzzer learns the secret from the comparison below and writes it into inputs: echoing the
    // input's own bytes is fine.
    FUZZ_CHECK(input_has_secret || d.message.find(outside_secret) == std::string::npos,
               "a byte of a file outside the root was echoed");
    ++per_file_[d.span.file];
  }

  void on_directive_comment(TextId text, std::uint32_t begin, std::uint32_t end) override {
    FUZZ_CHECK(text < texts_.size(), "directive comment text id");
    FUZZ_CHECK(begin <= end && end <= texts_[text].text().size(), "directive comment offsets");
  }

  [[nodiscard]] const std::map<FileId, std::uint32_t>& per_file() const { return per_file_; }
  std::size_t records = 0;
  bool input_has_secret = false;

 private:
  const SourceSet& files_;
  const std::deque<TextSource>& texts_;
  std::map<FileId, std::uint32_t> per_file_;
  std::string text_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Sandbox sandbox;
  SourceSet files;
  const FileId input = files.add(sandbox.input, std::string(reinterpret_cast<const char*>(data), size));
  std::deque<TextSource> texts;
  texts.emplace_back(input, files.file(input).bytes());

  ReaderOptions options;
  NameError error;
  if (!parse_name("example.com.", NameView(), options.origin, error)) std::abort();
  options.include_root = sandbox.root;
  Checker checker(files, texts);
  checker.input_has_secret = files.file(input).bytes().find(outside_secret) != std::string_view::npos;
  {
    MasterFileReader reader(files, texts, checker, options);
    reader.read(0);
    fuzz::check_wire_name(reader.leading_origin().wire(), "leading origin");
  }
  for (const auto& [file, count] : checker.per_file())
    FUZZ_CHECK(count <= 2 * (options.max_errors_per_file + 1), "more findings than the caps in one file");
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files.file(static_cast<FileId>(i)).path();
    FUZZ_CHECK(path.starts_with(sandbox.root + "/"), "read a file outside the include root: " + path);
  }
  return 0;
}
