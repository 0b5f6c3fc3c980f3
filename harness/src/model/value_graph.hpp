// Symbolic values of a candidate execution: constants, the values reads
// return, and herd7's int operators over them. Each node knows the reads it
// needs, so "can this be computed yet?" is one mask test.
#pragma once

#include <cstdint>
#include <vector>

#include "litmuslab/test.hpp"
#include "relation.hpp"

namespace litmuslab::model {

struct ValueNode {
  enum class Kind : std::uint8_t { constant, read, unary, binary };
  Kind kind = Kind::constant;
  ExprOp op = ExprOp::constant;
  std::int32_t constant = 0;
  int a = -1, b = -1;  // operand nodes; for a read, `a` is the read's event
  EventSet reads = 0;  // every read event this node's value needs
};

class ValueGraph {
 public:
  int constant(std::int32_t v);
  int read(int event);
  // op over one (unary) or two nodes; folds constants.
  int apply(ExprOp op, int a, int b = -1);

  const ValueNode& node(int n) const { return nodes_[static_cast<std::size_t>(n)]; }
  int size() const { return static_cast<int>(nodes_.size()); }
  bool is_constant(int n) const { return node(n).kind == ValueNode::Kind::constant; }
  EventSet reads_of(int n) const { return node(n).reads; }

  // The value of node n; every read it needs must have its value in `values`.
  std::int32_t evaluate(int n, const std::int32_t* values) const;

  // Appends `other`, its read events shifted by `event_offset`; returns the
  // offset to add to `other`'s node ids.
  int append(const ValueGraph& other, int event_offset);

 private:
  int add(ValueNode node);
  std::vector<ValueNode> nodes_;
};

}  // namespace litmuslab::model
