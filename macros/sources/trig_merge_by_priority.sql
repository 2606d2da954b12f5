{#- One row per `key` from a union of source rows: every column takes the value of
    the highest-priority source that has one (a CRM's name over a group call's trait,
    the product's last_seen_at where the CRM has none). Rows are first reduced to one
    per key and source (the smallest source_record_id), then the n sources' rows are
    joined by rank: at most one join per enabled source, on tables of entities, not
    events. `source` is the top-priority source. -#}
{% macro trig_merge_by_priority(unioned_cte, key, columns, n_sources) -%}
per_source as (
    select
        {{ unioned_cte }}.*,
        row_number() over (partition by {{ key }}, source order by source_record_id) as duplicate_rank
    from {{ unioned_cte }}
    where {{ key }} is not null
),

by_priority as (
    select
        per_source.*,
        row_number() over (partition by {{ key }} order by {{ trig.trig_source_priority('source') }}) as source_rank
    from per_source
    where duplicate_rank = 1
),

merged as (
    select
        r1.{{ key }}
        {%- for name in columns if name != key %},
        {% if n_sources > 1 and name not in ['source', 'source_record_id'] %}coalesce({% for i in range(1, n_sources + 1) %}r{{ i }}.{{ name }}{% if not loop.last %}, {% endif %}{% endfor %}){% else %}r1.{{ name }}{% endif %} as {{ name }}
        {%- endfor %}
    from by_priority as r1
    {%- for i in range(2, n_sources + 1) %}
    left join by_priority as r{{ i }} on r{{ i }}.{{ key }} = r1.{{ key }} and r{{ i }}.source_rank = {{ i }}
    {%- endfor %}
    where r1.source_rank = 1
)
{%- endmacro %}
