// libFuzzer target: the position-keeping JSON reader (parse/json_document.hpp).
//
// Invariants: an error is positioned inside the file; a document's spans nest and stay inside the
// file, every decoded string maps back monotonically into its value, literal runs are the file's
// bytes. Differential check against nlohmann::json (strict RFC 8259 SAX parse): both accept or
// both reject the same text (unless zonelint stopped at one of its documented caps), and when
// both accept they see the same sequence of values, with byte-identical decoded strings.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "document_checks.hpp"

using namespace zonelint;

namespace {

// One event per value, in document order: "{", "}", "[", "]", "k:<key>", "s:<string>", "n"
// (number), "t", "f", "0" (null).
class Events final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<std::string> events;

  bool null() override { return push("0"); }
  bool boolean(bool v) override { return push(v ? "t" : "f"); }
  bool number_integer(number_integer_t) override { return push("n"); }
  bool number_unsigned(number_unsigned_t) override { return push("n"); }
  bool number_float(number_float_t, const string_t&) override { return push("n"); }
  bool string(string_t& s) override { return push("s:" + s); }
  bool binary(binary_t&) override { return push("b"); }
  bool start_object(std::size_t) override { return push("{"); }
  bool key(string_t& s) override { return push("k:" + s); }
  bool end_object() override { return push("}"); }
  bool start_array(std::size_t) override { return push("["); }
  bool end_array() override { return push("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error = e.what();
    return false;
  }
  std::string error;

 private:
  bool push(std::string e) {
    events.push_back(std::move(e));
    return true;
  }
};

void flatten(const doc::Value& v, std::vector<std::string>& out) {
  switch (v.kind) {
    case doc::Kind::null: out.emplace_back("0"); break;
    case doc::Kind::boolean: out.emplace_back(v.boolean ? "t" : "f"); break;
    case doc::Kind::number: out.emplace_back("n"); break;
    case doc::Kind::string: out.push_back("s:" + std::string(v.text.str())); break;
    case doc::Kind::array:
      out.emplace_back("[");
      for (const doc::Value& item : v.items) flatten(item, out);
      out.emplace_back("]");
      break;
    case doc::Kind::object:
      out.emplace_back("{");
      for (const doc::Member& m : v.members) {
        out.push_back("k:" + std::string(m.key.str()));
        flatten(m.value, out);
      }
      out.emplace_back("}");
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view src(reinterpret_cast<const char*>(data), size);
  constexpr FileId file = 7;
  doc::Limits limits;
  limits.max_depth = 64;  // small caps so the fuzzer reaches them
  limits.max_values = 5000;
  limits.max_escapes = 5000;
  const JsonDocument document = parse_json(src, file, limits);

  Events theirs;
  const bool they_accept =
      nlohmann::json::sax_parse(src, &theirs, nlohmann::json::input_format_t::json, /*strict=*/true);

  if (!document.ok()) {
    fuzz::check_error(*document.error, src, file);
    const bool capped = document.error->message.find("zonelint stops here") != std::string::npos;
    // nlohmann's lexer takes a NUL byte for the end of the input, so it accepts "true\0"; zonelint
    // rightly refuses the NUL (RFC 8259 §2 allows only four whitespace characters).
    const bool nul = src.find('\0') != std::string_view::npos;
    FUZZ_CHECK(!they_accept || capped || nul, "zonelint rejects JSON that nlohmann accepts: " + document.error->message);
    return 0;
  }
  // nlohmann refuses numbers that overflow a double (1e400); RFC 8259 §6 leaves their range to the
  // implementation, and zonelint keeps the text as written.
  const bool overflow = theirs.error.find("number overflow") != std::string::npos;
  FUZZ_CHECK(they_accept || overflow, "zonelint accepts JSON that nlohmann rejects: " + theirs.error);
  if (!they_accept) return 0;
  fuzz::check_value(document.root, src, file, Span{file, 0, static_cast<std::uint32_t>(size)}, 1, limits.max_depth);
  std::vector<std::string> ours;
  flatten(document.root, ours);
  FUZZ_CHECK(ours.size() == theirs.events.size(),
             "different number of values: " + std::to_string(ours.size()) + " vs " +
                 std::to_string(theirs.events.size()));
  for (std::size_t i = 0; i < ours.size(); ++i)
    FUZZ_CHECK(ours[i] == theirs.events[i], "value " + std::to_string(i) + " differs: " + ours[i] + " vs " + theirs.events[i]);
  return 0;
}
