{#- What a canonical input (organisations or people) unions: the enabled connectors'
    models in priority order, with the user's own model first when
    `trig_include_input_models` is on (its rows say source 'user'); every column any of
    them has, plus `required` columns. Returns {relations, names, extra} for
    trig_union_by_name. -#}
{% macro trig_canonical_union_parts(input, required) -%}
  {%- set relations = trig.trig_source_models(input) -%}
  {%- set extra = {} -%}
  {%- if trig.trig_include_input_models() -%}
    {%- set user_relation = trig.trig_user_input(input) -%}
    {%- do relations.insert(0, user_relation) -%}
    {%- do extra.update({user_relation.identifier: {'source': "'user'"}}) -%}
  {%- endif -%}
  {%- set names = [] -%}
  {%- for relation in relations -%}
    {%- for name in trig.trig_columns_of(relation) if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
  {%- endfor -%}
  {%- for name in required if name not in names -%}{%- do names.append(name) -%}{%- endfor -%}
  {{ return({'relations': relations, 'names': names, 'extra': extra}) }}
{%- endmacro %}
