#include "parse/import_common.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "model/record.hpp"
#include "parse/format_detect.hpp"
#include "parse/yaml_document.hpp"

namespace zonelint::import {

JsonDocument read_json_or_yaml(const SourceFile& file) {
  if (starts_like_json(file.bytes()) || file.bytes().find_first_not_of(" \t\r\n") == std::string_view::npos)
    return parse_json(file.bytes(), file.id());
  YamlStream stream = parse_yaml(file.bytes(), file.id());
  JsonDocument out;
  if (stream.error) {
    out.error = std::move(stream.error);
  } else if (stream.documents.size() != 1) {
    out.error = doc::Error{stream.documents.empty() ? Span{file.id(), 0, 0} : stream.documents[1].span,
                           fmt::format("expected one YAML document (the output of one aws or az command), found {}",
                                       stream.documents.size())};
  } else {
    out.root = std::move(stream.documents.front().root);
  }
  return out;
}

void Findings::add(Span span, std::string message, Severity severity) {
  ++count_;
  if (severity == Severity::error) ++errors_;
  if (count_ > max_ + 1) return;
  Diagnostic d;
  d.code = syntax_error_code;
  d.span = span;
  d.context = span;
  if (count_ == max_ + 1) {
    d.severity = Severity::note;
    d.message = fmt::format("too many problems in this export; zonelint reported the first {} and stops reporting "
                            "them here",
                            max_);
  } else {
    d.severity = severity;
    d.message = std::move(message);
  }
  out_.push_back(std::move(d));
}

Trimmed trim_blanks(const Piece& p) {
  const std::string_view s = p.text->str();
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::uint32_t b = p.begin;
  std::uint32_t e = p.end;
  while (b < e && blank(s[b])) ++b;
  while (e > b && blank(s[e - 1])) --e;
  return {Piece(*p.text, b, e), Piece(*p.text, p.begin, b), Piece(*p.text, e, p.end)};
}

bool is_single_name_type(RRType type) noexcept {
  return type == rr::CNAME || type == rr::NS || type == rr::PTR || type == rr::DNAME || type == rr::MB ||
         type == rr::MD || type == rr::MF || type == rr::MG || type == rr::MR;
}

namespace {

bool is_control(unsigned char c) noexcept { return c < 0x20 || c == 0x7F; }

// Does the token text end with a dot that is not escaped?
bool ends_with_unescaped_dot(std::string_view token) {
  if (token.empty() || token.back() != '.') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = token.size() - 1; i-- > 0 && token[i] == '\\';) ++backslashes;
  return backslashes % 2 == 0;
}

}  // namespace

bool is_blank_at(std::string_view s, std::size_t i, std::uint32_t& length) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    length = 1;
    return c <= 0x20 || c == 0x7F;
  }
  const utf8::Decoded d = utf8::decode(s, i);
  length = d.length;
  return d.valid && utf8::is_invisible(d.code_point);
}

std::uint32_t leading_blanks(const Piece& p) {
  const std::string_view s = p.text->str();
  std::uint32_t i = p.begin;
  std::uint32_t length = 0;
  while (i < p.end && is_blank_at(s.substr(0, p.end), i, length)) i += length;
  return std::min(i, p.end);
}

std::uint32_t trailing_blanks(const Piece& p) {
  const std::string_view s = p.text->str().substr(0, p.end);
  std::uint32_t e = p.end;
  while (e > p.begin) {
    // The start of the UTF-8 sequence that ends at e (at most four bytes back).
    std::uint32_t b = e - 1;
    while (b > p.begin && e - b < 4 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) --b;
    std::uint32_t length = 0;
    if (!is_blank_at(s, b, length) || b + length != e) break;
    e = b;
  }
  return e;
}

void presentation_parts(RRType type, const Piece& value, Syntax syntax, bool absolute, std::size_t skip_fields,
                        std::vector<Part>& out) {
  const RRTypeInfo* info = find_type(type);
  const std::string_view s = value.text->str();
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  std::uint32_t i = value.begin;
  std::size_t field = skip_fields;
  const auto single_token = [](FieldKind k) {
    switch (k) {
      case FieldKind::name: case FieldKind::u8: case FieldKind::u16: case FieldKind::u32: case FieldKind::period:
      case FieldKind::ttl: case FieldKind::ipv4: case FieldKind::ipv6: case FieldKind::string:
      case FieldKind::caa_tag: case FieldKind::algorithm: case FieldKind::digest_type: case FieldKind::cert_type:
      case FieldKind::rrtype: case FieldKind::time: case FieldKind::key_flags: case FieldKind::protocol:
        return true;
      default:
        return false;
    }
  };
  while (info != nullptr && info->typed && absolute && field < info->fields.size() &&
         single_token(info->fields[field].kind)) {
    while (i < value.end && blank(s[i])) ++i;
    if (i >= value.end) return;
    // One token: a quoted string to its closing quote, else up to a blank (escapes kept inside).
    std::uint32_t e = i;
    if (s[e] == '"') {
      ++e;
      while (e < value.end && s[e] != '"') e += (s[e] == '\\' && e + 1 < value.end) ? 2 : 1;
      if (e < value.end) ++e;
    } else {
      while (e < value.end && !blank(s[e])) e += (s[e] == '\\' && e + 1 < value.end) ? 2 : 1;
    }
    e = std::min(e, value.end);
    const Piece token(*value.text, i, e);
    if (info->fields[field].kind == FieldKind::name) out.push_back(Part::make_name(token, syntax, true));
    else out.push_back(Part::make_presentation(token, syntax));
    i = e;
    ++field;
  }
  while (i < value.end && blank(s[i])) ++i;
  if (i < value.end) out.push_back(Part::make_presentation(Piece(*value.text, i, value.end), syntax));
}

void EntryWriter::escape_byte(unsigned char c, Span source) {
  if (c == '"') {
    builder_.mapped("\\\"", source.begin, source.end);
    return;
  }
  const std::string escape = fmt::format("\\{:03}", static_cast<unsigned>(c));
  builder_.mapped(escape, source.begin, source.end);
}

void EntryWriter::copy(const Piece& p, Escape mode, bool octal) {
  if (p.empty()) return;
  const doc::Text& t = *p.text;
  const std::string_view s = t.str();
  const std::vector<doc::Text::Segment> segments = t.segments();

  // Copies decoded bytes [b, e) with their map (no escaping).
  const auto copy_run = [&](std::uint32_t b, std::uint32_t e) {
    if (b >= e) return;
    auto it = std::upper_bound(segments.begin(), segments.end(), b,
                               [](std::uint32_t off, const doc::Text::Segment& seg) { return off < seg.text_begin; });
    if (it != segments.begin()) --it;
    for (; it != segments.end() && it->text_begin < e; ++it) {
      const std::uint32_t seg_end =
          std::next(it) == segments.end() ? static_cast<std::uint32_t>(s.size()) : std::next(it)->text_begin;
      const std::uint32_t from = std::max(b, it->text_begin);
      const std::uint32_t to = std::min(e, seg_end);
      if (from >= to) continue;
      const std::string_view bytes = s.substr(from, to - from);
      if (it->literal) {
        builder_.literal(bytes, it->file_begin + (from - it->text_begin));
      } else {
        builder_.mapped(bytes, it->file_begin, it->file_end);
      }
    }
  };

  std::uint32_t run = p.begin;
  bool in_quotes = false;
  std::uint32_t i = p.begin;
  while (i < p.end) {
    const auto c = static_cast<unsigned char>(s[i]);
    bool escape = false;
    std::uint32_t consumed = 1;
    switch (mode) {
      case Escape::none:
        break;
      case Escape::name_plain:
        escape = c <= 0x20 || c == 0x7F || c == '"' || c == ';' || c == '(' || c == ')' || c == '\\';
        break;
      case Escape::quoted:
        escape = (is_control(c) && c != '\t') || c == '"' || c == '\\';
        break;
      case Escape::name_presentation:
      case Escape::rdata_presentation: {
        if (c == '\\') {
          if (i + 1 >= p.end) {
            escape = true;  // a lone backslash at the end would escape the line break
          } else {
            const auto next = static_cast<unsigned char>(s[i + 1]);
            const auto is_octal = [&](std::uint32_t k) { return k < p.end && s[k] >= '0' && s[k] <= '7'; };
            if (octal && is_octal(i + 1) && is_octal(i + 2) && is_octal(i + 3) && s[i + 1] <= '3') {
              // Route 53's "\052" is octal: RFC 1035's decimal form of the same byte.
              const unsigned value = (s[i + 1] - '0') * 64u + (s[i + 2] - '0') * 8u + (s[i + 3] - '0');
              copy_run(run, i);
              const Span src = t.span(i, i + 4);
              builder_.mapped(fmt::format("\\{:03}", value), src.begin, src.end);
              i += 4;
              run = i;
              continue;
            }
            if (is_control(next) || next == ' ') {
              // "\<line break>" and friends: the escaped character, written so the line stays one.
              copy_run(run, i);
              escape_byte(next, t.span(i, i + 2));
              i += 2;
              run = i;
              continue;
            }
            consumed = 2;  // "\X" or the start of "\DDD": kept as written
          }
          break;
        }
        if (mode == Escape::name_presentation) {
          escape = c <= 0x20 || c == 0x7F || c == '"' || c == ';' || c == '(' || c == ')';
          break;
        }
        if (c == '"') {
          in_quotes = !in_quotes;
        } else if (in_quotes) {
          escape = is_control(c) && c != '\t';
        } else {
          escape = (is_control(c) && c != '\t') || c == ';' || c == '(' || c == ')';
        }
        break;
      }
    }
    if (escape) {
      copy_run(run, i);
      if (mode == Escape::quoted && c == '\\') {
        const Span src = t.span(i, i + 1);
        builder_.mapped("\\\\", src.begin, src.end);
      } else {
        escape_byte(c, t.span(i, i + 1));
      }
      ++i;
      run = i;
      continue;
    }
    i += consumed;
  }
  copy_run(run, std::min(i, p.end));
}

void EntryWriter::name(const Part& part, bool owner, bool at_means_origin) {
  const Piece& p = part.piece;
  const std::uint32_t token_begin = builder_.size();
  const std::string_view s = p.str();
  if (s == "@") {
    if (at_means_origin) {
      copy(p, Escape::none);
      return;
    }
    const Span src = p.span();
    builder_.mapped("\\@", src.begin, src.end);
  } else {
    const Escape mode = part.syntax == Syntax::plain ? Escape::name_plain : Escape::name_presentation;
    const bool octal = part.syntax == Syntax::route53;
    Piece rest = p;
    if (owner && !s.empty() && s.front() == '$') {
      escape_byte('$', p.text->span(p.begin, p.begin + 1));
      rest.begin += 1;
    }
    // "tok.example.com. " (a blank pasted after the final dot): the blank goes before the dot, so
    // the name stays absolute and the blank ends its last label, as in "tok.example.com ", instead
    // of making a label of its own ("tok.example.com.\032."). The dot keeps its own place in the
    // export; the blank still maps to the exact character (SES003 points at it and deletes it).
    const std::uint32_t tail = trailing_blanks(rest);
    const std::string_view r = rest.str();
    const std::uint32_t kept = tail - rest.begin;  // bytes before the blanks
    if (tail < rest.end && kept >= 2 &&
        (part.syntax == Syntax::plain ? r[kept - 1] == '.' : ends_with_unescaped_dot(r.substr(0, kept)))) {
      copy(Piece(*rest.text, rest.begin, tail - 1), mode, octal);
      copy(Piece(*rest.text, tail, rest.end), mode, octal);
      copy(Piece(*rest.text, tail - 1, tail), mode, octal);
    } else {
      copy(rest, mode, octal);
    }
  }
  if (part.absolute && !ends_with_unescaped_dot(builder_.text().substr(token_begin))) {
    const Span at = p.end_span();
    builder_.mapped(".", at.begin, at.end);
  }
}

void EntryWriter::quoted_strings(const Piece& p) {
  const std::string_view s = p.text->str();
  std::uint32_t b = p.begin;
  bool first = true;
  do {
    std::uint32_t e = std::min<std::uint32_t>(p.end, b + 255);
    // Never cut a UTF-8 sequence in two.
    if (e < p.end) {
      std::uint32_t k = e;
      while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80 && e - k < 3) --k;
      if (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) e = k;
    }
    const Piece chunk(*p.text, b, e);
    if (!first) glue(" ", chunk.text->span(b, b));
    const Span open = chunk.text->span(b, b);
    builder_.mapped("\"", open.begin, open.end);
    copy(chunk, Escape::quoted);
    const Span close = chunk.end_span();
    builder_.mapped("\"", close.begin, close.end);
    first = false;
    b = e;
  } while (b < p.end);
}

void EntryWriter::part(const Part& part, Span where) {
  switch (part.kind) {
    case Part::Kind::name:
      name(part, false, false);
      break;
    case Part::Kind::presentation:
      presentation(part.piece, part.syntax);
      break;
    case Part::Kind::quoted:
      quoted_strings(part.piece);
      break;
    case Part::Kind::scalar: {
      const doc::Value& v = *part.value;
      if (v.kind == doc::Kind::string) {
        copy(Piece(v.text), Escape::name_plain);
      } else {
        // Numbers, booleans: their text as written, at their place in the file.
        builder_.literal(v.text.str(), v.span.begin);
      }
      break;
    }
    case Part::Kind::glue:
      glue(part.glue, part.where.valid() ? part.where : where);
      break;
  }
}

std::pair<std::uint32_t, std::uint32_t> EntryWriter::write(const Entry& entry) {
  const std::uint32_t begin = builder_.size();
  name(entry.owner, true, entry.owner_at_means_origin);
  const std::uint32_t owner_end = builder_.size();
  glue(" ", entry.where);
  part(entry.ttl, entry.where);
  glue(" IN ", entry.where);
  if (entry.type.text != nullptr) copy(entry.type, Escape::none);
  else glue(entry.type_glue, entry.type_where);
  for (const Part& p : entry.rdata) {
    if (!p.joined) glue(" ", entry.where);
    part(p, entry.where);
  }
  glue("\n", Span{entry.where.file, entry.where.end, entry.where.end});
  if (entry.flags != 0) annotations.push_back({begin, entry.flags});
  ++entries_;
  return {begin, owner_end};
}

TextSource EntryWriter::finish() && { return std::move(builder_).finish(file_); }

std::string_view BindLine::header_value(std::string_view text, std::string_view key) const {
  if (!comment) return {};
  std::string_view line = text.substr(begin, end - begin);
  const std::size_t start = line.find_first_not_of("; \t");
  if (start == std::string_view::npos) return {};
  line.remove_prefix(start);
  if (!line.starts_with(key)) return {};
  line.remove_prefix(key.size());
  const std::size_t b = line.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  line.remove_prefix(b);
  const std::size_t e = line.find_first_of(" \t\r");
  return line.substr(0, e);
}

std::vector<BindLine> bind_lines(std::string_view text) {
  std::vector<BindLine> lines;
  std::uint32_t pos = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const auto size = static_cast<std::uint32_t>(text.size());
  while (pos < size) {
    const std::size_t nl = text.find('\n', pos);
    const auto end = static_cast<std::uint32_t>(nl == std::string_view::npos ? size : nl);
    BindLine line{pos, end, false, {}};
    const char first = text[pos];
    if (first == ';') {
      line.comment = true;
    } else if (first != ' ' && first != '\t' && first != '$' && first != '\r' && first != '\n') {
      std::uint32_t i = pos;
      while (i < end && line.fields.size() < 6) {
        while (i < end && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i >= end || text[i] == ';' || text[i] == '"' || text[i] == '(' || text[i] == '\r') break;
        const std::uint32_t b = i;
        while (i < end && text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != ';' && text[i] != '"' &&
               text[i] != '(')
          i += (text[i] == '\\' && i + 1 < end) ? 2 : 1;
        line.fields.push_back({b, std::min(i, end)});
      }
    }
    lines.push_back(std::move(line));
    pos = end + 1;
  }
  return lines;
}

void TextPatcher::copy_to(std::uint32_t offset) {
  if (offset <= pos_) return;
  builder_.literal(bytes_.substr(pos_, offset - pos_), pos_);
  pos_ = offset;
}

void TextPatcher::insert(std::string_view text, std::uint32_t at) {
  copy_to(at);
  builder_.mapped(text, at, at);
}

void TextPatcher::replace(std::uint32_t begin, std::uint32_t end, std::string_view text) {
  copy_to(begin);
  builder_.mapped(text, begin, end);
  pos_ = end;
}

TextSource TextPatcher::finish() && {
  copy_to(static_cast<std::uint32_t>(bytes_.size()));
  return std::move(builder_).finish(file_);
}

// ---------------------------------------------------------------------------------------------
// Apex

namespace {

bool label_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// The longest common suffix, in labels.
std::size_t common_suffix_labels(NameView a, NameView b) {
  const std::size_t na = a.label_count();
  const std::size_t nb = b.label_count();
  std::size_t k = 0;
  while (k < na && k < nb && label_equal(a.label(na - 1 - k), b.label(nb - 1 - k))) ++k;
  return k;
}

Name suffix(NameView n, std::size_t labels) {
  return Name(std::string(n.parent(n.label_count() - labels).wire()));
}

// The registered domain a name most likely belongs to: its last two labels, or three under a
// country code's generic second level ("example.co.uk"). A guess for messages and apex
// inference only, never for a decision a rule reports.
Name registered_domain(NameView n) {
  const std::size_t count = n.label_count();
  if (count <= 2) return Name(std::string(n.wire()));
  const std::string_view tld = n.label(count - 1);
  const std::string_view sld = n.label(count - 2);
  static constexpr std::string_view generic[] = {"ac", "co", "com", "edu", "gob", "gov", "go", "ltd", "mil",
                                                 "ne",  "net", "nic", "nom", "or",  "org", "plc", "sch"};
  bool second_level = false;
  if (tld.size() == 2)
    for (const std::string_view g : generic)
      if (label_equal(sld, g)) second_level = true;
  return suffix(n, second_level ? 3 : 2);
}

std::string lowered_wire(NameView n) {
  std::string key(n.wire());
  for (char& c : key) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return key;
}

// The name without the blanks pasted at its start and at the end of its last label
// (" tok.example.com." and "tok.example.com. " are about example.com, where SES003 reports the
// blank): a stray character must not change the zone every other record is judged against.
Name without_edge_blanks(const Name& name) {
  const std::string& w = name.wire();
  if (w.size() <= 1) return name;
  std::vector<std::string> labels;
  for (std::size_t pos = 0; pos < w.size() && w[pos] != '\0'; pos += static_cast<unsigned char>(w[pos]) + 1u)
    labels.emplace_back(w.substr(pos + 1, static_cast<unsigned char>(w[pos])));
  if (labels.empty()) return name;
  const auto trim = [](std::string& label, bool front) {
    std::uint32_t length = 0;
    if (front) {
      std::size_t i = 0;
      while (i < label.size() && is_blank_at(label, i, length)) i += length;
      label.erase(0, std::min(i, label.size()));
    } else {
      std::size_t e = label.size();
      while (e > 0) {
        std::size_t b = e - 1;
        while (b > 0 && e - b < 4 && (static_cast<unsigned char>(label[b]) & 0xC0) == 0x80) --b;
        if (!is_blank_at(label, b, length) || b + length != e) break;
        e = b;
      }
      label.resize(e);
    }
  };
  trim(labels.front(), true);
  trim(labels.back(), false);
  std::string out;
  for (const std::string& l : labels) {
    if (l.empty()) return name;  // a label of blanks only: leave the name as it is
    out.push_back(static_cast<char>(l.size()));
    out += l;
  }
  out.push_back('\0');
  return Name(std::move(out));
}

}  // namespace

void ApexFinder::owner(std::string_view presentation, RRType type) {
  if (!ends_with_unescaped_dot(presentation)) return;
  Name name;
  NameError error;
  if (!parse_name(presentation, NameView(), name, error)) return;
  name = without_edge_blanks(name);
  if (type == rr::SOA && soa_.empty()) soa_ = name;
  if (type == rr::NS && ns_keys_.insert(lowered_wire(name)).second) ns_.push_back(name);
  if (first_.empty()) {
    first_ = name;
    common_ = name.view().label_count();
  } else {
    const std::size_t k = common_suffix_labels(first_, name);
    if (k < common_) {
      common_ = k;
      other_ = name;
    }
  }
  owners_.insert(lowered_wire(name));
}

std::optional<Name> ApexFinder::majority_suffix() const {
  if (owners_.size() < 3) return std::nullopt;
  // Owners grouped by their registered domain; more than half in one group.
  std::map<std::string, std::vector<Name>> groups;
  for (const std::string& wire : owners_) {
    Name name{std::string(wire)};
    groups[lowered_wire(registered_domain(name))].push_back(std::move(name));
  }
  const auto most = std::max_element(groups.begin(), groups.end(),
                                     [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
  if (most->second.size() * 2 <= owners_.size()) return std::nullopt;
  const Name& first = most->second.front();
  std::size_t common = first.view().label_count();
  for (const Name& n : most->second) common = std::min(common, common_suffix_labels(first, n));
  if (common < 2) return std::nullopt;
  return suffix(first, common);
}

ApexFinder::Result ApexFinder::decide() const {
  Result r;
  if (!declared_.empty()) {
    r.apex = declared_;
    return r;
  }
  if (!option_.empty()) {
    r.apex = option_;
    return r;
  }
  if (!soa_.empty()) {
    r.apex = soa_;
    return r;
  }
  if (first_.empty()) return r;
  // The longest suffix every owner shares; without one, the one most owners share (a name typed
  // with its domain misspelt among the records of one zone, which SES018 and ZONE004 then judge).
  const std::optional<Name> shared = common_ >= 2 ? std::optional<Name>(suffix(first_, common_)) : majority_suffix();
  if (!shared) {
    r.ambiguous = true;
    r.reason = !other_.empty() ? fmt::format("\"{}\" and \"{}\" have no parent domain in common", first_.to_text(),
                                             other_.to_text())
                               : fmt::format("\"{}\" is a top-level domain", first_.to_text());
    return r;
  }
  Name s = *shared;
  // An apex NS record set above (or at) every owner names the zone.
  const Name* best_ns = nullptr;
  for (const Name& n : ns_)
    if (s.view().is_subdomain_of(n) && (best_ns == nullptr || n.view().label_count() > best_ns->view().label_count()))
      best_ns = &n;
  if (best_ns != nullptr) {
    r.apex = *best_ns;
    return r;
  }
  // Service labels ("_domainkey.example.com") are not zones.
  while (s.view().label_count() > 2 && s.view().first_label().starts_with('_')) s = suffix(s, s.view().label_count() - 1);
  // Every owner typed with the apex twice ("tok._domainkey.example.com.example.com"): the zone
  // is the repeated part.
  const std::size_t n = s.view().label_count();
  for (std::size_t k = 2; 2 * k <= n; ++k) {
    bool repeated = true;
    for (std::size_t j = 0; j < k && repeated; ++j)
      repeated = label_equal(s.view().label(n - 1 - j), s.view().label(n - 1 - k - j));
    if (repeated) {
      s = suffix(s, k);
      break;
    }
  }
  // A suffix that is itself the only owner ("mail.example.com" for a batch holding only the MAIL
  // FROM records) is a guess too deep: take the registered domain, which never makes a CNAME or an
  // MX look like it sits at the apex. With owners below it ("shop.example.org" and
  // "tok._domainkey.shop.example.org") it is the zone: a hosted zone for a subdomain.
  if (const std::string key = lowered_wire(s); owners_.contains(key)) {
    const auto below = [&](const std::string& owner) {
      if (owner.size() <= key.size() || owner.compare(owner.size() - key.size(), key.size(), key) != 0) return false;
      std::size_t pos = 0;  // at a label boundary, not inside a label that ends in the same bytes
      while (pos < owner.size() - key.size()) pos += static_cast<unsigned char>(owner[pos]) + 1u;
      return pos == owner.size() - key.size();
    };
    if (std::none_of(owners_.begin(), owners_.end(), below)) s = registered_domain(s);
  }
  r.apex = std::move(s);
  return r;
}

std::string ambiguous_apex_message(std::string_view format_name, std::string_view reason) {
  return fmt::format("cannot tell which zone this {} belongs to: it names no zone, has no SOA record, and {}; "
                     "give the zone with --origin (for example --origin example.com)",
                     format_name, reason);
}

std::string kind_phrase(doc::Kind kind) {
  switch (kind) {
    case doc::Kind::null: return "null";
    case doc::Kind::boolean: return "a boolean";
    case doc::Kind::number: return "a number";
    case doc::Kind::string: return "a string";
    case doc::Kind::array: return "an array";
    case doc::Kind::object: return "an object";
  }
  return "a value";
}

std::string shown(std::string_view s) {
  std::string out;
  std::size_t limit = std::min<std::size_t>(s.size(), 60);
  // Never cut a UTF-8 sequence in two.
  while (limit < s.size() && limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
  for (std::size_t i = 0; i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) out += fmt::format("\\{:03}", static_cast<unsigned>(c));
    else out.push_back(static_cast<char>(c));
  }
  if (s.size() > limit) out += "…";
  return out;
}

std::optional<std::string> route53_type_problem(std::string_view type) {
  // Route 53 Developer Guide, "Supported DNS record types".
  static constexpr std::string_view served[] = {"A",  "AAAA",  "CAA", "CNAME", "DS",  "HTTPS", "MX",   "NAPTR", "NS",
                                                "PTR", "SOA", "SPF", "SRV",   "SSHFP", "SVCB", "TLSA", "TXT"};
  if (std::find(std::begin(served), std::end(served), type) != std::end(served)) return std::nullopt;
  if (type_from_text(type)) {
    return fmt::format("Route 53 has no {} records; it serves A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, PTR, "
                       "SOA, SPF, SRV, SSHFP, SVCB, TLSA and TXT (in capitals)",
                       shown(type));
  }
  return fmt::format("unknown record type \"{}\"; Route 53 serves A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, "
                     "PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA and TXT",
                     shown(type));
}

std::optional<std::int64_t> unsigned_number(const doc::Value& v, std::int64_t max) {
  if (v.kind != doc::Kind::number || v.text.str().starts_with('-')) return std::nullopt;
  const auto n = v.as_int64();
  if (!n || *n < 0 || *n > max) return std::nullopt;
  return n;
}

void Importer::hand_over(ApexFinder& apex, std::string_view format_name) {
  apex.option(options_.origin);
  const ApexFinder::Result decided = apex.decide();
  if (decided.ambiguous) findings_.error({file_.id(), 0, 0}, ambiguous_apex_message(format_name, decided.reason));
  out_.apex = decided.apex;
  out_.reader_origin = decided.apex.empty() ? Name::root() : decided.apex;
  out_.annotations = std::move(writer_.annotations);
  out_.text.emplace(std::move(writer_).finish());
}

std::optional<Piece> Importer::trimmed_fields(const Piece& whole, Span where, std::string_view noun,
                                              std::string_view type_text, std::string_view advice) {
  const Trimmed t = trim_blanks(whole);
  if (t.inner.empty()) {
    findings_.error(where, fmt::format("the {} {} is empty", type_text, noun));
    return std::nullopt;
  }
  if (!t.leading.empty())
    findings_.warning(t.leading.span(),
                      fmt::format("the {} starts with white space, which is not part of any field; {}", noun, advice));
  if (!t.trailing.empty())
    findings_.warning(t.trailing.span(),
                      fmt::format("the {} ends with white space, which is not part of any field; {}", noun, advice));
  return t.inner;
}

}  // namespace zonelint::import
