#include "value_graph.hpp"

namespace litmuslab::model {

int ValueGraph::add(ValueNode node) {
  nodes_.push_back(node);
  return static_cast<int>(nodes_.size()) - 1;
}

int ValueGraph::constant(std::int32_t v) {
  ValueNode n;
  n.constant = v;
  return add(n);
}

int ValueGraph::read(int event) {
  ValueNode n;
  n.kind = ValueNode::Kind::read;
  n.a = event;
  n.reads = bit(event);
  return add(n);
}

int ValueGraph::apply(ExprOp op, int a, int b) {
  if (b < 0) {
    if (is_constant(a)) return constant(litmuslab::apply(op, node(a).constant));
    ValueNode n;
    n.kind = ValueNode::Kind::unary;
    n.op = op;
    n.a = a;
    n.reads = node(a).reads;
    return add(n);
  }
  if (is_constant(a) && is_constant(b))
    return constant(litmuslab::apply(op, node(a).constant, node(b).constant));
  ValueNode n;
  n.kind = ValueNode::Kind::binary;
  n.op = op;
  n.a = a;
  n.b = b;
  n.reads = node(a).reads | node(b).reads;
  return add(n);
}

std::int32_t ValueGraph::evaluate(int n, const std::int32_t* values) const {
  const ValueNode& v = node(n);
  switch (v.kind) {
    case ValueNode::Kind::constant:
      return v.constant;
    case ValueNode::Kind::read:
      return values[v.a];
    case ValueNode::Kind::unary:
      return litmuslab::apply(v.op, evaluate(v.a, values));
    case ValueNode::Kind::binary:
      return litmuslab::apply(v.op, evaluate(v.a, values), evaluate(v.b, values));
  }
  return 0;
}

int ValueGraph::append(const ValueGraph& other, int event_offset) {
  const int offset = size();
  for (ValueNode n : other.nodes_) {
    if (n.kind == ValueNode::Kind::read) {
      n.a += event_offset;
      n.reads = bit(n.a);
    } else {
      if (n.a >= 0) n.a += offset;
      if (n.b >= 0) n.b += offset;
      n.reads = n.reads << event_offset;
    }
    nodes_.push_back(n);
  }
  return offset;
}

}  // namespace litmuslab::model
