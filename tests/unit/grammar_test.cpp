#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/master_file.hpp"
#include "grammar/rdata_fields.hpp"

namespace {

TEST(Grammar, MasterFileHasNoProblems) {
  EXPECT_EQ(tao::pegtl::analyze<zonelint::grammar::master_file::file>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<zonelint::grammar::master_file::entry>(), 0u);
}

TEST(Grammar, RdataFieldsHaveNoProblems) {
  namespace r = zonelint::grammar::rdata;
  EXPECT_EQ(tao::pegtl::analyze<r::ipv4_address>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ttl_value>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::base64_text>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::eui64>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ilnp64>(), 0u);
}

}  // namespace
