// The feasible set Y of the max player: a box, a Euclidean ball or a scaled probability simplex, each with
// an exact Euclidean projection. Mahdavinia et al. 2022 (spec §1.1, §2.6 P1-c) allow a closed convex Y;
// these three cover the papers' examples (bounded Y of diameter D for NC-C, the simplex for DRO).
#pragma once

#include <string>
#include <vector>

#include "ellopt/core/params.hpp"
#include "ellopt/core/types.hpp"

namespace ellopt::problems {

class ConstraintSet {
 public:
  enum class Kind { kBox, kBall, kSimplex };

  static ConstraintSet box(Vector lower, Vector upper);
  static ConstraintSet box(Index dim, double lower, double upper);
  static ConstraintSet ball(Vector center, double radius);
  static ConstraintSet simplex(Index dim, double total = 1.0);

  Kind kind() const { return kind_; }
  Index dim() const { return dim_; }
  // Projects y in place. `scratch` is caller-owned working memory (the simplex projection sorts a copy),
  // so a method can project every step without allocating.
  void project(Vector& y, std::vector<double>& scratch) const;
  void project(Vector& y) const;
  bool contains(const Vector& y, double tolerance = 1e-12) const;
  double diameter() const;
  std::string describe() const;
  // Throws ConfigError naming `what` when this set's dimension differs from `dim`.
  void check_dim(Index dim, const std::string& what) const;

 private:
  ConstraintSet() = default;
  Kind kind_ = Kind::kBox;
  Index dim_ = 0;
  Vector lower_, upper_;  // box
  Vector center_;         // ball
  double radius_ = 0.0;   // ball
  double total_ = 1.0;    // simplex: {y >= 0, sum y = total}
};

// Exact Euclidean projection onto {y >= 0, sum y = total} by sorting (Held, Wolfe, Crowder 1974;
// Duchi et al. 2008): O(n log n).
void project_onto_simplex(Vector& y, double total, std::vector<double>& scratch);

// The projection named in a method's config: `projection` = none|box|ball|simplex with `box_lower`,
// `box_upper`, `ball_radius`, `simplex_total`. Returns false (and leaves `out` alone) for "none".
ParamSchema projection_schema();
bool constraint_set_from_params(const Params& params, Index dim_y, ConstraintSet* out);

}  // namespace ellopt::problems
