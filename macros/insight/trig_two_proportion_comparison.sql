{#- Compares two proportions, a = x_a / n_a against b = x_b / n_b, for every row of
    `input` (a relation or CTE name with columns n_a, x_a, n_b, x_b; the columns named
    in `keys` pass through). Adds, as doubles:
      rate_a, rate_b; difference = rate_a - rate_b with a 95 % normal-approximation
      (Wald, unpooled) interval; ratio_minus_one = rate_a / rate_b - 1 with a 95 %
      interval from the log of the ratio (Katz); z_score and the two-sided p-value of the
      pooled two-proportion z-test; minimum_detectable_effect: the absolute difference a
      two-sided 5 % test would detect with 80 % power at these sample sizes and the pooled
      rate, (1.959964 + 0.841621) * pooled standard error.
    Null where a quantity is undefined (an empty group, a rate of 0 for the ratio, no
    variance). Normal approximations are poor below ~5 successes and failures per
    group: the marts flag small samples. See docs/decisions/403-insight-statistics.md. -#}
{% macro trig_two_proportion_comparison(input, keys) -%}
  {%- set dbl = trig.trig_type_double() -%}
select
    {%- for key in keys %}
    s.{{ key }},
    {%- endfor %}
    s.n_a, s.x_a, s.n_b, s.x_b,
    {%- for column in ['rate_a', 'rate_b', 'difference', 'difference_ci_low', 'difference_ci_high', 'ratio_minus_one', 'ratio_minus_one_ci_low', 'ratio_minus_one_ci_high', 'z_score', 'minimum_detectable_effect'] %}
    cast(s.{{ column }} as {{ dbl }}) as {{ column }},
    {%- endfor %}
    cast(case when s.z_score is not null then {{ trig.trig_erfc('abs(s.z_score) / sqrt(2.0)') }} end as {{ dbl }}) as p_value
from (
    select
        r.*,
        r.rate_a - r.rate_b as difference,
        r.rate_a - r.rate_b - 1.959964 * sqrt(r.variance_unpooled) as difference_ci_low,
        r.rate_a - r.rate_b + 1.959964 * sqrt(r.variance_unpooled) as difference_ci_high,
        case when r.x_a > 0 and r.x_b > 0 then r.rate_a / r.rate_b - 1 end as ratio_minus_one,
        case when r.x_a > 0 and r.x_b > 0 then exp(ln(r.rate_a / r.rate_b)
            - 1.959964 * sqrt((1 - r.rate_a) / r.x_a + (1 - r.rate_b) / r.x_b)) - 1 end as ratio_minus_one_ci_low,
        case when r.x_a > 0 and r.x_b > 0 then exp(ln(r.rate_a / r.rate_b)
            + 1.959964 * sqrt((1 - r.rate_a) / r.x_a + (1 - r.rate_b) / r.x_b)) - 1 end as ratio_minus_one_ci_high,
        (r.rate_a - r.rate_b) / nullif(sqrt(r.variance_pooled), 0) as z_score,
        2.801585 * sqrt(r.variance_pooled) as minimum_detectable_effect
    from (
        select
            c.*,
            cast(c.x_a as {{ dbl }}) / nullif(c.n_a, 0) as rate_a,
            cast(c.x_b as {{ dbl }}) / nullif(c.n_b, 0) as rate_b,
            case when c.n_a > 0 and c.n_b > 0 then
                (cast(c.x_a as {{ dbl }}) / c.n_a) * (1 - cast(c.x_a as {{ dbl }}) / c.n_a) / c.n_a
                + (cast(c.x_b as {{ dbl }}) / c.n_b) * (1 - cast(c.x_b as {{ dbl }}) / c.n_b) / c.n_b
            end as variance_unpooled,
            case when c.n_a > 0 and c.n_b > 0 then
                (cast(c.x_a + c.x_b as {{ dbl }}) / (c.n_a + c.n_b))
                * (1 - cast(c.x_a + c.x_b as {{ dbl }}) / (c.n_a + c.n_b))
                * (1.0 / c.n_a + 1.0 / c.n_b)
            end as variance_pooled
        from {{ input }} as c
    ) as r
) as s
{%- endmacro %}
