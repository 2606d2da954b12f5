{#- The attribute columns a normalised criteria tree names, in order, once each. -#}
{% macro trig_preview_attribute_columns(tree) -%}
  {%- set found = [] -%}
  {%- if tree is not none and tree.kind == 'attr' -%}
    {%- do found.append(tree.column) -%}
  {%- elif tree is not none and tree.kind in ['all', 'any', 'none'] -%}
    {%- for child in tree.children -%}
      {%- for column in trig.trig_preview_attribute_columns(child) if column not in found -%}{%- do found.append(column) -%}{%- endfor -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(found) }}
{%- endmacro %}
