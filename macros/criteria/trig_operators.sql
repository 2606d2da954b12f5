{#- Operator names users may write, mapped to the canonical operator. Symbols must be
    quoted in YAML (`'>=': 3`); the word forms need no quoting. -#}
{% macro trig_operator_aliases() -%}
  {{ return({
    'equals': 'equals', '=': 'equals', 'eq': 'equals',
    'not_equals': 'not_equals', '!=': 'not_equals', 'ne': 'not_equals',
    'greater_than': 'greater_than', '>': 'greater_than', 'gt': 'greater_than',
    'at_least': 'at_least', '>=': 'at_least', 'gte': 'at_least',
    'less_than': 'less_than', '<': 'less_than', 'lt': 'less_than',
    'at_most': 'at_most', '<=': 'at_most', 'lte': 'at_most',
    'in': 'in', 'not_in': 'not_in', 'contains': 'contains',
    'has_any_value': 'has_any_value', 'has_no_value': 'has_no_value',
    'more_than': 'more_than', 'within_next': 'within_next', 'within_last': 'within_last',
    'before': 'before', 'after': 'after'
  }) }}
{%- endmacro %}
