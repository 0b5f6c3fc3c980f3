# cmake -DOBJDUMP=... -DOUTPUT=listing.txt -DOBJECTS="a.o;b.o" -P disassemble.cmake
# Writes objdump's disassembly of the kernels objects to OUTPUT. A script,
# because add_custom_command has no portable way to redirect stdout.
execute_process(
  COMMAND ${OBJDUMP} --disassemble --no-show-raw-insn ${OBJECTS}
  OUTPUT_FILE ${OUTPUT}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUTPUT})
  message(FATAL_ERROR "${OBJDUMP} failed (${status}) on ${OBJECTS}")
endif()
