{#- The standard normal CDF, Phi(z) = erfc(-z / sqrt 2) / 2, accurate to 1e-7
    (see trig_erfc). -#}
{% macro trig_normal_cdf(z) -%}
  {{ return(adapter.dispatch('trig_normal_cdf', 'trig')(z)) }}
{%- endmacro %}

{% macro default__trig_normal_cdf(z) -%}
  (0.5 * {{ trig.trig_erfc('-(' ~ z ~ ') / sqrt(2.0)') }})
{%- endmacro %}
