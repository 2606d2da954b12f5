{#- Roll-ups declared in the var `trig_rollups`, checked and normalised:
    {name, function: count|sum|avg|min|max, of: people|events, column (people),
     event + property (events), where (people criteria), within_last (events)}. -#}
{% macro trig_rollups() -%}
  {%- set result = [] -%}
  {%- set functions = ['count', 'sum', 'avg', 'min', 'max'] -%}
  {%- for spec in var('trig_rollups', []) or [] -%}
    {%- set name = trig.trig_identifier(spec.get('name'), 'roll-up name') -%}
    {%- set allowed = ['name', 'function', 'of', 'column', 'event', 'property', 'where', 'within_last', 'description'] -%}
    {%- for key in spec.keys() -%}
      {%- if key not in allowed -%}{{ trig.trig_config_error(name, key, 'unknown roll-up key', key, allowed) }}{%- endif -%}
    {%- endfor -%}
    {%- set function = spec.get('function', 'count') -%}
    {%- if function not in functions -%}
      {{ trig.trig_config_error(name, 'function', "unknown roll-up function '" ~ function ~ "'", function, functions) }}
    {%- endif -%}
    {%- set of = spec.get('of', 'events' if spec.get('event') else 'people') -%}
    {%- if of not in ['people', 'events'] -%}
      {{ trig.trig_config_error(name, 'of', "roll-ups aggregate 'people' or 'events'", of, ['people', 'events']) }}
    {%- endif -%}
    {%- if function != 'count' and of == 'people' and not spec.get('column') -%}
      {{ trig.trig_config_error(name, 'column', 'a ' ~ function ~ ' of people needs the `column` to aggregate') }}
    {%- endif -%}
    {%- if function != 'count' and of == 'events' and not spec.get('property') -%}
      {{ trig.trig_config_error(name, 'property', 'a ' ~ function ~ ' of events needs the numeric `property` to aggregate') }}
    {%- endif -%}
    {%- if of == 'events' and not spec.get('event') -%}
      {{ trig.trig_config_error(name, 'event', 'an event roll-up needs the `event` name') }}
    {%- endif -%}
    {%- do result.append({
        'name': name, 'function': function, 'of': of,
        'column': trig.trig_identifier(spec.column, name ~ '.column') if spec.get('column') else none,
        'property': trig.trig_identifier(spec.property, name ~ '.property') if spec.get('property') else none,
        'event': spec.get('event'), 'where': spec.get('where'),
        'within_s': trig.trig_parse_duration(spec.within_last, name, 'within_last') if spec.get('within_last') else none
    }) -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- Attribute write-backs: every `set_attribute` action of every object, with the type
    of its declared value, so the attribute exists (null) before the first write. -#}
{% macro trig_written_attributes(entity) -%}
  {%- set found = {} -%}
  {%- for obj in trig.trig_objects() if obj.entity == entity -%}
    {%- set lists = [obj.actions.entered, obj.actions.completed, obj.actions.exited] -%}
    {%- for follow_up in obj.follow_ups -%}{%- do lists.append(follow_up.actions) -%}{%- endfor -%}
    {%- for actions in lists -%}
      {%- for action in actions if action.type == 'set_attribute' -%}
        {%- set v = action.config.value -%}
        {%- do found.update({action.config.attribute: 'boolean' if (v is sameas true or v is sameas false) else ('number' if v is number else 'string')}) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(found) }}
{%- endmacro %}
